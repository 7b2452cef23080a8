import request from 'supertest';
import { ADMIN, creditCode, login, loginAdmin, PASSWORD, registerOrganization, type Session } from '../support/accounts';
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
