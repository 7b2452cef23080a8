import request from 'supertest';
import { login, loginAdmin, PASSWORD, registerOrganization, type Session } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';

/** An organisation's people over time: roles change, the owner hands over, everyone names themselves. */
describe('member roles and profiles', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(() => app.close());

  async function memberOf(owner: Session, memberRole: 'admin' | 'member'): Promise<Session> {
    const email = `p-${memberRole}-${Math.random().toString(36).slice(2)}@example.test`;
    const inv = await request(app.http).post(`/api/v1/organizations/${owner.organizationId}/invitations`).set(owner.auth).send({ email, memberRole }).expect(201);
    await request(app.http).post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: '刘洋', invitationToken: inv.body.token }).expect(201);
    return login(app, email);
  }
  const setRole = (session: Session, organizationId: string, userId: string, memberRole: unknown) =>
    request(app.http).patch(`/api/v1/organizations/${organizationId}/members/${userId}`).set(session.auth).send({ memberRole });
  const roles = async (session: Session) =>
    Object.fromEntries(((await request(app.http).get(`/api/v1/organizations/${session.organizationId}/members`).set(session.auth).expect(200)).body as Array<{ id: string; memberRole: string }>).map((m) => [m.id, m.memberRole]));

  it('the owner promotes a member to admin, who then invites; the new role holds at once', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const member = await memberOf(owner, 'member');
    const invite = () => request(app.http).post(`/api/v1/organizations/${owner.organizationId}/invitations`).set(member.auth).send({ email: `x-${Math.random().toString(36).slice(2)}@example.test` });
    expect((await invite().expect(403)).body.code).toBe('not_organization_admin');
    const res = await setRole(owner, owner.organizationId!, member.userId, 'admin').expect(200);
    expect(res.body).toMatchObject({ id: member.userId, memberRole: 'admin' });
    await invite().expect(201);
    expect((await request(app.http).get('/api/v1/me').set(member.auth).expect(200)).body.user.memberRole).toBe('admin');
  });

  it('the owner hands the ownership over and becomes an admin; there is always one owner', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const admin = await memberOf(owner, 'admin');
    await setRole(owner, owner.organizationId!, admin.userId, 'owner').expect(200);
    expect(await roles(owner)).toEqual({ [owner.userId]: 'admin', [admin.userId]: 'owner' });
    // The former owner now is an admin: it may not take the ownership back, or demote the new owner.
    expect((await setRole(owner, owner.organizationId!, admin.userId, 'member').expect(409)).body.code).toBe('owner_role');
    const audit = await app.sql<{ details: { from: string; to: string } }>(`SELECT details FROM audit_entries WHERE action = 'organization.change_role' AND resource_id = $1`, [admin.userId]);
    expect(audit.map((a) => a.details)).toEqual([{ from: 'admin', to: 'owner' }]);
  });

  it('refuses changes above one’s rank, of one’s own role, from outside, and unknown roles', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const admin = await memberOf(owner, 'admin');
    const other = await memberOf(owner, 'admin');
    const member = await memberOf(owner, 'member');
    const org = owner.organizationId!;
    expect((await setRole(admin, org, other.userId, 'member').expect(403)).body.code).toBe('outranked');
    expect((await setRole(admin, org, member.userId, 'owner').expect(403)).body.code).toBe('owner_only');
    expect((await setRole(member, org, admin.userId, 'member').expect(403)).body.code).toBe('not_organization_admin');
    expect((await setRole(owner, org, owner.userId, 'admin').expect(409)).body.code).toBe('own_role');
    expect((await setRole(owner, org, member.userId, 'member').expect(409)).body.code).toBe('role_unchanged');
    expect((await setRole(owner, org, member.userId, 'superuser').expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'memberRole', code: 'isIn' })]);
    const outsider = await registerOrganization(app, 'enterprise');
    await setRole(outsider, org, member.userId, 'admin').expect(404);
    expect((await setRole(owner, org, outsider.userId, 'admin').expect(404)).body.code).toBe('member_not_found');
    expect(await roles(owner)).toEqual({ [owner.userId]: 'owner', [admin.userId]: 'admin', [other.userId]: 'admin', [member.userId]: 'member' });
    // A platform admin settles it when the owner is gone.
    await setRole(await loginAdmin(app), org, member.userId, 'owner').expect(200);
    expect((await roles(owner))[member.userId]).toBe('owner');
  });

  it('an admin removes members but neither another admin nor the owner; the owner and platform admins remove admins', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const admin = await memberOf(owner, 'admin');
    const other = await memberOf(owner, 'admin');
    const member = await memberOf(owner, 'member');
    const org = owner.organizationId!;
    const remove = (session: Session, userId: string) => request(app.http).delete(`/api/v1/organizations/${org}/members/${userId}`).set(session.auth);
    expect((await remove(admin, other.userId).expect(403)).body.code).toBe('outranked');
    expect((await remove(admin, admin.userId).expect(403)).body.code).toBe('outranked');
    expect((await remove(admin, owner.userId).expect(409)).body.code).toBe('cannot_remove_owner');
    expect(await roles(owner)).toEqual({ [owner.userId]: 'owner', [admin.userId]: 'admin', [other.userId]: 'admin', [member.userId]: 'member' });
    await remove(admin, member.userId).expect(204);
    await remove(owner, other.userId).expect(204);
    await remove(await loginAdmin(app), admin.userId).expect(204);
    expect(await roles(owner)).toEqual({ [owner.userId]: 'owner' });
  });

  it('a user changes their display name; a blank one is refused', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const res = await request(app.http).patch('/api/v1/me').set(owner.auth).send({ displayName: '  王工程师 ' }).expect(200);
    expect(res.body).toMatchObject({ id: owner.userId, displayName: '王工程师', email: owner.email });
    expect((await request(app.http).get('/api/v1/me').set(owner.auth).expect(200)).body.user.displayName).toBe('王工程师');
    expect((await request(app.http).patch('/api/v1/me').set(owner.auth).send({ displayName: '   ' }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'displayName' })]);
    expect((await request(app.http).patch('/api/v1/me').set(owner.auth).send({ displayName: 'x', email: 'new@example.test' }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'email', code: 'unknown_field' })]);
  });
});
