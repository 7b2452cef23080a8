import { createHash } from 'node:crypto';
import request from 'supertest';
import { login, loginAdmin, PASSWORD, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifiedOrganization } from '../support/catalog';
import { poolExpert } from '../support/challenges';
import { startTestApp, type TestApp } from '../support/harness';

const NEW_PASSWORD = 'Battery-staple-77';

describe('changing and resetting passwords', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(() => app.close());

  const change = (session: Session, body: Record<string, unknown>) => request(app.http).post('/api/v1/me/password').set(session.auth).send(body);
  const signIn = (email: string, password: string) => request(app.http).post('/api/v1/auth/login').send({ email, password });
  const me = (accessToken: string) => request(app.http).get('/api/v1/me').set('Authorization', `Bearer ${accessToken}`);
  const refresh = (refreshToken: string) => request(app.http).post('/api/v1/auth/refresh').send({ refreshToken });
  const resetWith = (token: string, password: string) => request(app.http).post('/api/v1/auth/password-reset').send({ token, password });
  const adminReset = async (userId: string, status = 201) =>
    request(app.http).post(`/api/v1/admin/users/${userId}/password-resets`).set((await loginAdmin(app)).auth).expect(status);
  const orgReset = (session: Session, organizationId: string, userId: string) =>
    request(app.http).post(`/api/v1/organizations/${organizationId}/members/${userId}/password-resets`).set(session.auth);

  /** A member of the owner's organisation, joined by invitation, with the given role. */
  async function memberOf(owner: Session, memberRole: 'admin' | 'member'): Promise<Session> {
    const email = `m-${memberRole}-${Math.random().toString(36).slice(2)}@example.test`;
    const inv = await request(app.http).post(`/api/v1/organizations/${owner.organizationId}/invitations`).set(owner.auth).send({ email, memberRole }).expect(201);
    await request(app.http).post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: '王芳', invitationToken: inv.body.token }).expect(201);
    return login(app, email);
  }

  it('a user changes their password: every session ends, and the answer signs them in anew', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const laptop = await login(app, owner.email);

    const res = await change(owner, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }).expect(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', accessToken: expect.any(String), refreshToken: expect.any(String) });

    for (const old of [owner, laptop]) {
      expect((await me(old.accessToken).expect(401)).body.code).toBe('invalid_token');
      expect((await refresh(old.refreshToken).expect(401)).body.code).toBe('invalid_refresh_token');
    }
    expect((await me(res.body.accessToken).expect(200)).body.user.id).toBe(owner.userId);
    await signIn(owner.email, PASSWORD).expect(401);
    await signIn(owner.email, NEW_PASSWORD).expect(200);

    const [entry] = await app.sql<{ details: { endedSessions: number } }>(
      `SELECT details FROM audit_entries WHERE action = 'account.change_password' AND resource_id = $1`,
      [owner.userId],
    );
    expect(entry.details.endedSessions).toBe(2);
  });

  it.each([
    [{ currentPassword: 'Not-the-password-1', newPassword: NEW_PASSWORD }, 'currentPassword', 'incorrect'],
    [{ currentPassword: PASSWORD, newPassword: 'short1' }, 'newPassword', 'tooShort'],
    [{ currentPassword: PASSWORD, newPassword: 'onlyletterslong' }, 'newPassword', 'tooSimple'],
    [{ currentPassword: PASSWORD, newPassword: PASSWORD }, 'newPassword', 'sameAsCurrent'],
    [{ currentPassword: PASSWORD }, 'newPassword', 'isString'],
    [{ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, userId: 'x' }, 'userId', 'unknown_field'],
  ])('refuses %j with a 400 on %s, and changes nothing', async (body, field, code) => {
    const owner = await registerOrganization(app, 'enterprise');
    const res = await change(owner, body).expect(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field, code })]);
    await me(owner.accessToken).expect(200);
    await signIn(owner.email, PASSWORD).expect(200);
  });

  it('wrong current passwords count towards the sign-in lock-out', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    for (let i = 0; i < 5; i++) await change(owner, { currentPassword: `Guess-number-${i}`, newPassword: NEW_PASSWORD }).expect(400);
    expect((await change(owner, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }).expect(429)).body.code).toBe('rate_limited');
    await signIn(owner.email, PASSWORD).expect(429);
  });

  it('an admin issues a one-time reset: it sets the password, ends every session and lifts a lock-out', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    for (let i = 0; i < 5; i++) await signIn(owner.email, `Forgotten-${i}`).expect(401);
    await signIn(owner.email, PASSWORD).expect(429);

    const issued = await adminReset(owner.userId);
    expect(issued.body).toMatchObject({ userId: owner.userId, token: expect.any(String), expiresAt: expect.any(String) });
    const hoursValid = (Date.parse(issued.body.expiresAt) - Date.now()) / 3_600_000;
    expect(hoursValid).toBeGreaterThan(23);
    expect(hoursValid).toBeLessThanOrEqual(24);
    const [row] = await app.sql<{ token_hash: string }>('SELECT token_hash FROM password_resets WHERE id = $1', [issued.body.id]);
    expect(row.token_hash).toBe(createHash('sha256').update(issued.body.token).digest('hex'));

    // A refused attempt leaves the token usable.
    expect((await resetWith(issued.body.token, 'short1').expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'password', code: 'tooShort' })]);
    await resetWith(issued.body.token, NEW_PASSWORD).expect(204);

    await me(owner.accessToken).expect(401);
    await signIn(owner.email, PASSWORD).expect(401);
    await signIn(owner.email, NEW_PASSWORD).expect(200);
    const again = await resetWith(issued.body.token, 'Another-password-9').expect(400);
    expect(again.body.fields).toEqual([expect.objectContaining({ field: 'token', code: 'invalid' })]);
    const actions = await app.sql<{ action: string }>(`SELECT action FROM audit_entries WHERE resource_id = $1 AND action LIKE '%password%' ORDER BY id`, [owner.userId]);
    expect(actions.map((a) => a.action)).toEqual(['account.issue_password_reset', 'account.reset_password']);
  });

  it('a newer reset voids the older one; an expired or unknown token is refused', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const first = (await adminReset(owner.userId)).body;
    const second = (await adminReset(owner.userId)).body;
    await resetWith(first.token, NEW_PASSWORD).expect(400);
    await app.sql(`UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE id = $1`, [second.id]);
    await resetWith(second.token, NEW_PASSWORD).expect(400);
    await resetWith('x'.repeat(43), NEW_PASSWORD).expect(400);
    await signIn(owner.email, PASSWORD).expect(200);
  });

  it('changing the password voids an outstanding reset', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const issued = (await adminReset(owner.userId)).body;
    await change(owner, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }).expect(200);
    await resetWith(issued.token, 'Another-password-9').expect(400);
    await signIn(owner.email, NEW_PASSWORD).expect(200);
  });

  it('an organisation’s owner or admin resets the password of a member of lower rank, and no one else’s', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const org = owner.organizationId!;
    const admin = await memberOf(owner, 'admin');
    const member = await memberOf(owner, 'member');

    const byOwner = await orgReset(owner, org, member.userId).expect(201);
    await resetWith(byOwner.body.token, NEW_PASSWORD).expect(204);
    await signIn(member.email, NEW_PASSWORD).expect(200);
    await orgReset(owner, org, admin.userId).expect(201);
    await orgReset(admin, org, member.userId).expect(201);

    expect((await orgReset(admin, org, owner.userId).expect(403)).body.code).toBe('outranked');
    const other = await memberOf(owner, 'admin');
    expect((await orgReset(admin, org, other.userId).expect(403)).body.code).toBe('outranked');
    const plain = await memberOf(owner, 'member');
    expect((await orgReset(plain, org, member.userId).expect(403)).body.code).toBe('not_organization_admin');
    expect((await orgReset(owner, org, owner.userId).expect(409)).body.code).toBe('own_account');

    const outsider = await registerOrganization(app, 'enterprise');
    expect((await orgReset(outsider, org, member.userId).expect(404)).body.code).toBe('organization_not_found');
    expect((await orgReset(owner, org, outsider.userId).expect(404)).body.code).toBe('member_not_found');
  });

  it.each([
    ['is granted a platform role', async (_owner: Session, member: Session) => {
      await request(app.http).put(`/api/v1/admin/users/${member.userId}/roles/organizer`).set((await loginAdmin(app)).auth).expect(200);
    }],
    ['is made an admin of the organisation', async (owner: Session, member: Session) => {
      await request(app.http).patch(`/api/v1/organizations/${owner.organizationId}/members/${member.userId}`).set(owner.auth).send({ memberRole: 'admin' }).expect(200);
    }],
    ['is handed the ownership', async (owner: Session, member: Session) => {
      await request(app.http).patch(`/api/v1/organizations/${owner.organizationId}/members/${member.userId}`).set(owner.auth).send({ memberRole: 'owner' }).expect(200);
    }],
    ['leaves the organisation', async (owner: Session, member: Session) => {
      await request(app.http).delete(`/api/v1/organizations/${owner.organizationId}/members/${member.userId}`).set(owner.auth).expect(204);
    }],
  ])('a reset an organisation’s admin issued for a member is void once the member %s', async (_, change) => {
    const owner = await registerOrganization(app, 'enterprise');
    const admin = await memberOf(owner, 'admin');
    const member = await memberOf(owner, 'member');
    const issued = (await orgReset(admin, owner.organizationId!, member.userId).expect(201)).body;

    await change(owner, member);
    const res = await resetWith(issued.token, NEW_PASSWORD).expect(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field: 'token', code: 'invalid' })]);
    await signIn(member.email, PASSWORD).expect(200);
  });

  it('an organisation’s admin resets no expert’s password (in the 专家库, or on a review panel after leaving it): they ask for a link or a platform admin', async () => {
    const owner = await registerOrganization(app, 'university');
    const org = owner.organizationId!;
    const applicant = await memberOf(owner, 'member');
    await request(app.http).put('/api/v1/me/expert-profile').set(applicant.auth).send({ professionalTitle: '教授', fieldCodes: ['equipment'], specialties: '旋转机械故障诊断' }).expect(200);
    const refused = await orgReset(owner, org, applicant.userId).expect(403);
    expect(refused.body).toMatchObject({ code: 'expert_account', message: expect.stringContaining('/api/v1/auth/password-reset-requests') });

    // Appointed to a challenge's panel, then out of the pool: the appointment still reaches other organisations' applications.
    const organizer = await userWithRole(app, 'organizer', 'government');
    const reviewer = await poolExpert(app, organizer, await memberOf(owner, 'member'));
    const challengeOwner = await verifiedOrganization(app, 'enterprise');
    const challenge = await publishedItem(app, challengeOwner, 'demands', { challenge: { rewardWan: 100, deadline: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), evaluationPlan: '初评、现场考察、综合论证三步评审。' } });
    await request(app.http).post(`/api/v1/demands/${challenge.id}/experts`).set(challengeOwner.auth).send({ userId: reviewer.userId }).expect(201);
    await request(app.http).delete('/api/v1/me/expert-profile').set(reviewer.auth).expect(204);
    expect((await orgReset(owner, org, reviewer.userId).expect(403)).body.code).toBe('expert_account');

    expect(await app.sql('SELECT 1 FROM password_resets WHERE user_id = ANY($1)', [[applicant.userId, reviewer.userId]])).toEqual([]);
    const byAdmin = (await adminReset(applicant.userId)).body;
    await resetWith(byAdmin.token, NEW_PASSWORD).expect(204);
  });

  it.each([
    ['its issuer is made a plain member', async (owner: Session, issuer: Session) => {
      await request(app.http).patch(`/api/v1/organizations/${owner.organizationId}/members/${issuer.userId}`).set(owner.auth).send({ memberRole: 'member' }).expect(200);
    }],
    ['its issuer leaves the organisation', async (owner: Session, issuer: Session) => {
      await request(app.http).delete(`/api/v1/organizations/${owner.organizationId}/members/${issuer.userId}`).set(owner.auth).expect(204);
    }],
    ['the member enters the 专家库', async (_owner: Session, _issuer: Session, member: Session) => {
      await request(app.http).put('/api/v1/me/expert-profile').set(member.auth).send({ professionalTitle: '研究员', fieldCodes: ['equipment'], specialties: '焊接工艺' }).expect(200);
    }],
  ])('a reset an organisation’s admin issued is void once %s: it stands only while they could issue it', async (_, change) => {
    const owner = await registerOrganization(app, 'enterprise');
    const admin = await memberOf(owner, 'admin');
    const member = await memberOf(owner, 'member');
    const issued = (await orgReset(admin, owner.organizationId!, member.userId).expect(201)).body;

    await change(owner, admin, member);
    const res = await resetWith(issued.token, NEW_PASSWORD).expect(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field: 'token', code: 'invalid' })]);
    await signIn(member.email, PASSWORD).expect(200);
  });

  it('only platform admins reset the password of an account with a platform role, or of a deactivated one they reactivate', async () => {
    const owner = await registerOrganization(app, 'government');
    const colleague = await memberOf(owner, 'member');
    await request(app.http).put(`/api/v1/admin/users/${colleague.userId}/roles/organizer`).set((await loginAdmin(app)).auth).expect(200);
    expect((await orgReset(owner, owner.organizationId!, colleague.userId).expect(403)).body.code).toBe('platform_role_holder');
    await adminReset(colleague.userId);

    const admin = await loginAdmin(app);
    await request(app.http).post(`/api/v1/admin/users/${colleague.userId}/deactivate`).set(admin.auth).expect(200);
    expect((await adminReset(colleague.userId, 409)).body.code).toBe('account_deactivated');
    expect((await request(app.http).post(`/api/v1/admin/users/${admin.userId}/password-resets`).set(admin.auth).expect(409)).body.code).toBe('own_account');
  });

  it('deactivating an account voids its outstanding reset, also after reactivation', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const issued = (await adminReset(owner.userId)).body;
    const admin = await loginAdmin(app);
    await request(app.http).post(`/api/v1/admin/users/${owner.userId}/deactivate`).set(admin.auth).expect(200);
    await resetWith(issued.token, NEW_PASSWORD).expect(400);
    await request(app.http).post(`/api/v1/admin/users/${owner.userId}/reactivate`).set(admin.auth).expect(200);
    await resetWith(issued.token, NEW_PASSWORD).expect(400);
    await signIn(owner.email, PASSWORD).expect(200);
  });
});
