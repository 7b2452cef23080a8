import request from 'supertest';
import { ADMIN, creditCode, login, loginAdmin, PASSWORD, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifiedOrganization } from '../support/catalog';
import { poolExpert } from '../support/challenges';
import { chinaDay } from '../support/days';
import { createEvent, eventAction } from '../support/events';
import { startTestApp, type TestApp } from '../support/harness';

/** PIPL: a user reads everything kept about them (查阅、复制) and closes their account (注销). */
describe('personal data and closing an account', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(() => app.close());

  const exportOf = (s: Session) => request(app.http).get('/api/v1/me/personal-data').set(s.auth);
  const close = (s: Session, password: string) => request(app.http).post('/api/v1/me/close-account').set(s.auth).send({ password });
  const signIn = (email: string, password = PASSWORD) => request(app.http).post('/api/v1/auth/login').send({ email, password });

  /** A member joined by invitation, signed in from a named device. */
  async function memberOf(owner: Session): Promise<Session> {
    const email = `m-${Math.random().toString(36).slice(2)}@example.test`;
    const inv = await request(app.http).post(`/api/v1/organizations/${owner.organizationId}/invitations`).set(owner.auth).send({ email }).expect(201);
    await request(app.http).post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: '赵工', invitationToken: inv.body.token }).expect(201);
    return login(app, email);
  }

  it('exports the account, its sign-ins with their devices, its expert entry and what it did, as a download', async () => {
    const user = await registerOrganization(app, 'university');
    await request(app.http).post('/api/v1/auth/login').set('User-Agent', 'Firefox 130 on office PC').send({ email: user.email, password: PASSWORD }).expect(200);
    await request(app.http).put('/api/v1/me/expert-profile').set(user.auth).send({ professionalTitle: '研究员', fieldCodes: ['equipment'], specialties: '振动诊断' }).expect(200);
    // A mail that reached the address before the account existed (as an invitation does).
    await app.sql(`INSERT INTO mail_messages (kind, recipient, subject, status) VALUES ('organization.invitation', $1, '邀请您加入', 'sent')`, [user.email]);

    const res = await exportOf(user).expect(200);
    expect(res.body.mail).toEqual([expect.objectContaining({ kind: 'organization.invitation', subject: '邀请您加入', status: 'sent' })]);
    expect(res.headers['content-disposition']).toBe('attachment; filename="personal-data.json"');
    expect(res.body.account).toMatchObject({ id: user.userId, email: user.email, memberRole: 'owner', noticeDigest: false });
    expect(res.body.organization).toMatchObject({ id: user.organizationId, type: 'university' });
    expect(res.body.signIns.map((s: { userAgent: string }) => s.userAgent)).toContain('Firefox 130 on office PC');
    expect(res.body.expertProfile).toMatchObject({ professionalTitle: '研究员', specialties: '振动诊断' });
    expect(res.body.activity.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['account.register_with_organization', 'expert.save_profile']));
    // Secrets are not personal data to hand out: no hashes of any kind.
    expect(JSON.stringify(res.body)).not.toMatch(/password|token_?hash|\$argon|\$scrypt/i);
    await request(app.http).get('/api/v1/me/personal-data').expect(401);
  });

  it('closes the account: no sign-in, no session, the name and address gone, the address free to sign up again', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const member = await memberOf(owner);
    await app.sql(`INSERT INTO mail_messages (kind, recipient, subject, status) VALUES ('organization.invitation', $1, '邀请您加入', 'sent')`, [member.email]);
    await request(app.http).put('/api/v1/me/expert-profile').set(member.auth).send({ professionalTitle: '高级工程师', fieldCodes: ['equipment'], specialties: '焊接工艺' }).expect(200);
    await app.sql(`INSERT INTO bookmarks (user_id, item_kind, item_id) VALUES ($1, 'demand', gen_random_uuid())`, [member.userId]);

    expect((await close(member, 'Not-the-password-1').expect(400)).body.fields[0]).toMatchObject({ field: 'password', code: 'incorrect' });
    await close(member, PASSWORD).expect(204);

    await request(app.http).get('/api/v1/me').set(member.auth).expect(401);
    await request(app.http).post('/api/v1/auth/refresh').send({ refreshToken: member.refreshToken }).expect(401);
    await signIn(member.email).expect(401);
    const members = await request(app.http).get(`/api/v1/organizations/${owner.organizationId}/members`).set(owner.auth).expect(200);
    const closed = members.body.find((m: { id: string }) => m.id === member.userId);
    expect(closed).toMatchObject({ displayName: '已注销用户', active: false });
    expect(closed.email).not.toBe(member.email);
    expect(await app.sql(`SELECT 1 FROM refresh_tokens WHERE user_id = $1 UNION ALL SELECT 1 FROM expert_profiles WHERE user_id = $1 UNION ALL SELECT 1 FROM bookmarks WHERE user_id = $1`, [member.userId])).toEqual([]);
    // The invitation mailed to the address (this app runs no mail: the row written as the mailer would have).
    expect(await app.sql(`SELECT 1 FROM mail_messages WHERE recipient = $1`, [member.email])).toEqual([]);
    const [audit] = await app.sql<{ actor_user_id: string }>(`SELECT actor_user_id FROM audit_entries WHERE action = 'account.close' AND resource_id = $1`, [member.userId]);
    expect(audit!.actor_user_id).toBe(member.userId);

    // The address is released: its owner may sign up anew.
    await request(app.http)
      .post('/api/v1/auth/register')
      .send({ email: member.email, password: PASSWORD, displayName: '赵工', organization: { type: 'enterprise', name: `新公司${Date.now()}`, creditCode: creditCode(), regionCode: '210211' } })
      .expect(201);
  });

  it('takes the person off every review panel, so nobody can give them reviews; the scores they gave stay with the application', async () => {
    const owner = await verifiedOrganization(app, 'enterprise');
    const team = await verifiedOrganization(app, 'university');
    const expert = await poolExpert(app, await userWithRole(app, 'organizer', 'government'), await registerOrganization(app, 'institute'));
    const challenge = await publishedItem(app, owner, 'demands', { challenge: { rewardWan: 80, deadline: chinaDay(30), evaluationPlan: '三步评审' } });
    const experts = `/api/v1/demands/${challenge.id}/experts`;
    await request(app.http).post(experts).set(owner.auth).send({ userId: expert.userId, stages: ['desk'] }).expect(201);
    const application = await request(app.http)
      .post(`/api/v1/demands/${challenge.id}/applications`)
      .set(team.auth)
      .send({ teamLead: '李明 教授', proposal: '以声发射监测低速重载轴承早期损伤，并在风场开展示范验证。', budgetWan: 60, milestones: [{ dueOn: chinaDay(90), deliverable: '样机' }] })
      .expect(201);
    await request(app.http).post(`/api/v1/challenge-applications/${application.body.id}/reviews`).set(expert.auth).send({ stage: 'desk', score: 77, comment: '方案可行' }).expect(200);

    await close(expert, PASSWORD).expect(204);

    expect((await request(app.http).get(experts).set(owner.auth).expect(200)).body).toEqual([]);
    // Nothing left to give them more stages at.
    await request(app.http).patch(`${experts}/${expert.userId}`).set(owner.auth).send({ stages: ['desk', 'site'] }).expect(404);
    const read = await request(app.http).get(`/api/v1/challenge-applications/${application.body.id}`).set(owner.auth).expect(200);
    expect(read.body.reviews).toEqual([expect.objectContaining({ stage: 'desk', reviewerId: expert.userId, score: 77, comment: '方案可行' })]);
  });

  it('revokes invitations still open to the address: whoever signs up with it next joins no organisation and is approved for no 对接会 by them', async () => {
    const inviting = await registerOrganization(app, 'enterprise');
    const organizer = await userWithRole(app, 'organizer', 'government');
    const event = await createEvent(app, organizer);
    await eventAction(app, organizer, event.id, 'open_registration');
    const email = `contact-${Date.now()}@example.test`;
    // Invited to a 对接会 before signing up (its code mailed to the address), then to another organisation after.
    await request(app.http).post(`/api/v1/events/${event.id}/participants/bulk`).set(organizer.auth).send({ participants: [{ email, side: 'supply' }] }).expect(200);
    const [eventInvitation] = (await request(app.http).get(`/api/v1/events/${event.id}/invitations`).set(organizer.auth).expect(200)).body as Array<{ invitationToken: string }>;
    const organization = () => ({ type: 'institute', name: `研究院${Math.random().toString(36).slice(2)}`, creditCode: creditCode(), regionCode: '210102' });
    await request(app.http).post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: '钱工', organization: organization() }).expect(201);
    const person = await login(app, email);
    const invitation = await request(app.http).post(`/api/v1/organizations/${inviting.organizationId}/invitations`).set(inviting.auth).send({ email }).expect(201);

    await close(person, PASSWORD).expect(204);

    const withToken = await request(app.http).post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: '新主人', invitationToken: invitation.body.token }).expect(400);
    expect(withToken.body.fields[0]).toMatchObject({ field: 'invitationToken', code: 'invalid' });
    const invitations = await request(app.http).get(`/api/v1/organizations/${inviting.organizationId}/invitations`).set(inviting.auth).expect(200);
    expect(invitations.body).toEqual([expect.objectContaining({ id: invitation.body.id, acceptedAt: null, revokedAt: expect.any(String) })]);

    await request(app.http).post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: '新主人', organization: organization() }).expect(201);
    const next = await login(app, email);
    const claim = await request(app.http).post(`/api/v1/events/${event.id}/participants`).set(next.auth).send({ side: 'supply', invitationToken: eventInvitation!.invitationToken }).expect(400);
    expect(claim.body.fields[0]).toMatchObject({ field: 'invitationToken', code: 'invalid' });
    expect((await request(app.http).get(`/api/v1/events/${event.id}/invitations`).set(organizer.auth).expect(200)).body).toEqual([]);
  });

  it('a closed account stays closed: no reactivation, no platform role, no ownership handed to it', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const member = await memberOf(owner);
    await close(member, PASSWORD).expect(204);
    const [row] = await app.sql<{ active: boolean; closed: boolean }>('SELECT active, closed_at IS NOT NULL AS closed FROM users WHERE id = $1', [member.userId]);
    expect(row).toEqual({ active: false, closed: true });

    const admin = await loginAdmin(app);
    expect((await request(app.http).post(`/api/v1/admin/users/${member.userId}/reactivate`).set(admin.auth).expect(409)).body.code).toBe('account_closed');
    expect((await request(app.http).put(`/api/v1/admin/users/${member.userId}/roles/organizer`).set(admin.auth).expect(409)).body.code).toBe('account_closed');
    const handOver = request(app.http).patch(`/api/v1/organizations/${owner.organizationId}/members/${member.userId}`).send({ memberRole: 'owner' });
    expect((await handOver.set(owner.auth).expect(409)).body.code).toBe('account_closed');
    expect(await app.sql('SELECT id, member_role, active FROM users WHERE organization_id = $1 ORDER BY member_role DESC', [owner.organizationId])).toEqual([
      { id: owner.userId, member_role: 'owner', active: true },
      { id: member.userId, member_role: 'member', active: false },
    ]);
  });

  it('the ownership goes to no deactivated member either', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const member = await memberOf(owner);
    await request(app.http).post(`/api/v1/admin/users/${member.userId}/deactivate`).set((await loginAdmin(app)).auth).expect(200);
    const res = await request(app.http).patch(`/api/v1/organizations/${owner.organizationId}/members/${member.userId}`).set(owner.auth).send({ memberRole: 'owner' }).expect(409);
    expect(res.body.code).toBe('account_deactivated');
    expect(await app.sql('SELECT member_role FROM users WHERE id = $1', [owner.userId])).toEqual([{ member_role: 'owner' }]);
  });

  it('an owner hands the organisation over first, and the last admin stays', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const member = await memberOf(owner);
    expect((await close(owner, PASSWORD).expect(409)).body.code).toBe('transfer_ownership_first');
    await request(app.http).patch(`/api/v1/organizations/${owner.organizationId}/members/${member.userId}`).set(owner.auth).send({ memberRole: 'owner' }).expect(200);
    await close(owner, PASSWORD).expect(204);

    const admin = await loginAdmin(app);
    expect((await close(admin, ADMIN.password).expect(409)).body.code).toBe('last_admin');
    await signIn(ADMIN.email, ADMIN.password).expect(200);
  });
});
