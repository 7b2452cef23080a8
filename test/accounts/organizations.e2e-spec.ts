import request from 'supertest';
import { assignBroker, login, loginAdmin, PASSWORD, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';

describe('organisations, invitations, brokers and the audit trail', () => {
  let app: TestApp;
  let owner: Session;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    owner = await registerOrganization(app, 'enterprise', { name: '沈阳精工机床有限公司', regionCode: '210106' });
  });
  afterAll(() => app.close());

  const org = () => `/api/v1/organizations/${owner.organizationId}`;
  const invite = (session: Session, email: string, memberRole?: string) =>
    request(app.http).post(`${org()}/invitations`).set(session.auth).send({ email, ...(memberRole ? { memberRole } : {}) });
  const join = (email: string, invitationToken: string) =>
    request(app.http).post('/api/v1/auth/register').send({ email, password: 'Member-password-7', displayName: '李娜', invitationToken });

  it('an owner invites by e-mail; the invitee registers with the token and joins as that role', async () => {
    const inv = await invite(owner, 'Li.Na@example.test', 'admin').expect(201);
    expect(inv.body).toMatchObject({ email: 'li.na@example.test', memberRole: 'admin', token: expect.any(String), acceptedAt: null });
    const joined = await join('li.na@example.test', inv.body.token).expect(201);
    expect(joined.body.user).toMatchObject({ organizationId: owner.organizationId, memberRole: 'admin' });
    const listed = await request(app.http).get(`${org()}/invitations`).set(owner.auth).expect(200);
    expect(listed.body[0]).toMatchObject({ id: inv.body.id, acceptedAt: expect.any(String) });
    expect(listed.body[0]).not.toHaveProperty('token');
    const members = await request(app.http).get(`${org()}/members`).set(owner.auth).expect(200);
    expect(members.body.map((m: { email: string }) => m.email).sort()).toEqual(['li.na@example.test', owner.email].sort());
  });

  it('an invitation works once, for its own e-mail, until revoked', async () => {
    const inv = await invite(owner, 'wang.fang@example.test').expect(201);
    expect((await join('someone.else@example.test', inv.body.token).expect(400)).body.fields[0]).toMatchObject({ field: 'email', code: 'invitationMismatch' });
    await join('wang.fang@example.test', inv.body.token).expect(201);
    expect((await join('wang.fang2@example.test', inv.body.token).expect(400)).body.fields[0]).toMatchObject({ field: 'invitationToken', code: 'invalid' });

    const revoked = await invite(owner, 'zhao.lei@example.test').expect(201);
    await request(app.http).delete(`${org()}/invitations/${revoked.body.id}`).set(owner.auth).expect(204);
    await join('zhao.lei@example.test', revoked.body.token).expect(400);
    expect((await invite(owner, 'wang.fang@example.test').expect(409)).body.code).toBe('already_member');
  });

  it('a plain member may see the members but not invite or remove; another organisation sees nothing', async () => {
    const inv = await invite(owner, 'chen.jie@example.test').expect(201);
    await join('chen.jie@example.test', inv.body.token).expect(201);
    const member = await login(app, 'chen.jie@example.test', 'Member-password-7');
    await request(app.http).get(`${org()}/members`).set(member.auth).expect(200);
    expect((await invite(member, 'x@example.test').expect(403)).body.code).toBe('not_organization_admin');
    const outsider = await registerOrganization(app, 'enterprise');
    await invite(outsider, 'x@example.test').expect(404);
    await request(app.http).get(`${org()}/members`).set(outsider.auth).expect(404);
    await request(app.http).delete(`${org()}/members/${member.userId}`).set(outsider.auth).expect(404);
    await request(app.http).delete(`${org()}/members/${member.userId}`).set(owner.auth).expect(204);
    expect((await request(app.http).get('/api/v1/me').set(member.auth).expect(200)).body.organization).toBeNull();
  });

  it('profile updates need the current version: a stale one is a 409 and changes nothing', async () => {
    const current = await request(app.http).get(org()).set(owner.auth).expect(200);
    const updated = await request(app.http).patch(org()).set(owner.auth).send({ version: current.body.version, description: '数控机床整机制造', fields: ['equipment'] }).expect(200);
    expect(updated.body).toMatchObject({ description: '数控机床整机制造', version: current.body.version + 1 });
    const stale = await request(app.http).patch(org()).set(owner.auth).send({ version: current.body.version, description: 'stale' }).expect(409);
    expect(stale.body.code).toBe('stale_version');
    expect((await request(app.http).get(org()).set(owner.auth)).body.description).toBe('数控机床整机制造');
    const bad = await request(app.http).patch(org()).set(owner.auth).send({ version: updated.body.version, regionCode: '999999' }).expect(400);
    expect(bad.body.fields[0]).toMatchObject({ field: 'regionCode', code: 'regionCode.unknown' });
    const immutable = await request(app.http).patch(org()).set(owner.auth).send({ version: updated.body.version, creditCode: '91110000100005888C' }).expect(400);
    expect(immutable.body.fields[0]).toMatchObject({ field: 'creditCode', code: 'unknown_field' });
  });

  it('a broker assigned to the organisation edits its profile; the audit trail names broker and organisation', async () => {
    const broker = await userWithRole(app, 'broker', 'agency');
    const current = await request(app.http).get(org()).set(broker.auth).expect(200);
    await request(app.http).patch(org()).set(broker.auth).send({ version: current.body.version, size: 'medium' }).expect(404);
    await assignBroker(app, broker, owner.organizationId!);
    await request(app.http).patch(org()).set(broker.auth).send({ version: current.body.version, size: 'medium' }).expect(200);
    // A broker may not manage members: that stays with the organisation's administrators.
    expect((await invite(broker, 'via-broker@example.test').expect(403)).body.code).toBe('not_organization_admin');

    const admin = await loginAdmin(app);
    const audit = await request(app.http).get('/api/v1/admin/audit').query({ action: 'organization.update', organizationId: owner.organizationId }).set(admin.auth).expect(200);
    expect(audit.body.items[0]).toMatchObject({ actorUserId: broker.userId, brokerUserId: broker.userId, organizationId: owner.organizationId, resourceId: owner.organizationId, requestId: expect.any(String) });
    expect(audit.body.items[1]).toMatchObject({ actorUserId: owner.userId, brokerUserId: null });
    await request(app.http).get('/api/v1/admin/audit').set(broker.auth).expect(403);
  });

  it('a broker acts for a served organisation with X-Acting-Organization, and only for those', async () => {
    const broker = await userWithRole(app, 'broker', 'agency');
    const other = await registerOrganization(app, 'university');
    await assignBroker(app, broker, other.organizationId!);
    const me = await request(app.http).get('/api/v1/me').set(broker.auth).set('X-Acting-Organization', other.organizationId!).expect(200);
    expect(me.body.brokerFor).toEqual([other.organizationId]);
    const refused = await request(app.http).get('/api/v1/me').set(broker.auth).set('X-Acting-Organization', owner.organizationId!).expect(403);
    expect(refused.body.code).toBe('not_assigned');
  });

  it('admins grant roles, verify organisations and every write is audited', async () => {
    const admin = await loginAdmin(app);
    const user = await registerOrganization(app, 'government');
    const granted = await request(app.http).put(`/api/v1/admin/users/${user.userId}/roles/organizer`).set(admin.auth).expect(200);
    expect(granted.body.platformRoles).toEqual(['organizer']);
    expect((await request(app.http).put(`/api/v1/admin/users/${user.userId}/roles/emperor`).set(admin.auth).expect(400)).body.fields[0].field).toBe('role');
    const verified = await request(app.http).post(`/api/v1/admin/organizations/${user.organizationId}/verify`).set(admin.auth).expect(200);
    expect(verified.body.verified).toBe(true);
    const actions = (await app.sql<{ action: string }>('SELECT DISTINCT action FROM audit_entries')).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['account.register_with_organization', 'account.register_by_invitation', 'organization.invite', 'organization.revoke_invitation', 'organization.remove_member', 'organization.update', 'admin.grant_role', 'admin.verify_organization', 'admin.assign_broker']));
    const users = await request(app.http).get('/api/v1/admin/users').query({ role: 'organizer' }).set(admin.auth).expect(200);
    expect(users.body).toMatchObject({ total: 1, items: [{ id: user.userId }] });
    expect(PASSWORD).toBeDefined();
  });
});
