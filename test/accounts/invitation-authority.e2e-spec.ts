import request from 'supertest';
import { login, loginAdmin, PASSWORD, registerOrganization, type Session } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';

/**
 * An invitation hands on its sender's authority to bring people in: it stands only while they could
 * still send it, so an administrator pushed out cannot come back (or send someone in) with one.
 */
describe('invitations stand only while their sender could send them', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(() => app.close());

  const http = () => request(app.http);
  const address = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2)}@example.test`;
  const invite = async (by: Session, organizationId: string, email: string, memberRole: 'admin' | 'member') =>
    (await http().post(`/api/v1/organizations/${organizationId}/invitations`).set(by.auth).send({ email, memberRole }).expect(201)).body as { id: string; token: string };
  const register = (email: string, invitationToken: string) => http().post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: '孙工', invitationToken });

  async function adminOf(owner: Session): Promise<Session> {
    const email = address('admin');
    await register(email, (await invite(owner, owner.organizationId!, email, 'admin')).token).expect(201);
    return login(app, email);
  }

  it.each([
    ['is removed from the organisation', async (owner: Session, admin: Session) => {
      await http().delete(`/api/v1/organizations/${owner.organizationId}/members/${admin.userId}`).set(owner.auth).expect(204);
    }],
    ['is made a plain member', async (owner: Session, admin: Session) => {
      await http().patch(`/api/v1/organizations/${owner.organizationId}/members/${admin.userId}`).set(owner.auth).send({ memberRole: 'member' }).expect(200);
    }],
    ['is deactivated', async (_owner: Session, admin: Session) => {
      await http().post(`/api/v1/admin/users/${admin.userId}/deactivate`).set((await loginAdmin(app)).auth).expect(200);
    }],
    ['closes their account', async (_owner: Session, admin: Session) => {
      await http().post('/api/v1/me/close-account').set(admin.auth).send({ password: PASSWORD }).expect(204);
    }],
  ])('an administrator’s pending invitations are revoked when the administrator %s; the owner’s stand', async (_, change) => {
    const owner = await registerOrganization(app, 'enterprise');
    const org = owner.organizationId!;
    const admin = await adminOf(owner);
    // Say, a second address of the administrator's own, as an admin.
    const backdoor = address('alt');
    const theirs = await invite(admin, org, backdoor, 'admin');
    const colleague = address('colleague');
    const owners = await invite(owner, org, colleague, 'member');

    await change(owner, admin);

    const refused = await register(backdoor, theirs.token).expect(400);
    expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'invitationToken', code: 'invalid' })]);
    expect(await app.sql('SELECT 1 FROM users WHERE email = $1', [backdoor])).toEqual([]);
    const listed = (await http().get(`/api/v1/organizations/${org}/invitations`).set(owner.auth).expect(200)).body as Array<{ id: string; revokedAt: string | null }>;
    expect(listed.find((i) => i.id === theirs.id)!.revokedAt).not.toBeNull();
    expect(listed.find((i) => i.id === owners.id)!.revokedAt).toBeNull();
    expect((await register(colleague, owners.token).expect(201)).body.user).toMatchObject({ organizationId: org, memberRole: 'member' });
  });

  it('a platform admin’s invitations go with the admin role', async () => {
    const first = await loginAdmin(app);
    const second = await registerOrganization(app, 'agency');
    await http().put(`/api/v1/admin/users/${second.userId}/roles/admin`).set(first.auth).expect(200);
    const target = await registerOrganization(app, 'enterprise');
    const email = address('via-admin');
    const invitation = await invite(await login(app, second.email), target.organizationId!, email, 'admin');

    await http().delete(`/api/v1/admin/users/${second.userId}/roles/admin`).set(first.auth).expect(200);
    const listed = (await http().get(`/api/v1/organizations/${target.organizationId}/invitations`).set(target.auth).expect(200)).body as Array<{ id: string; revokedAt: string | null }>;
    expect(listed.find((i) => i.id === invitation.id)!.revokedAt).not.toBeNull();
    await register(email, invitation.token).expect(400);
  });

  it('an owner who hands the ownership over stays an admin: their invitations stand', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const admin = await adminOf(owner);
    const email = address('after-handover');
    const invitation = await invite(owner, owner.organizationId!, email, 'admin');
    await http().patch(`/api/v1/organizations/${owner.organizationId}/members/${admin.userId}`).set(owner.auth).send({ memberRole: 'owner' }).expect(200);
    expect((await register(email, invitation.token).expect(201)).body.user.memberRole).toBe('admin');
  });

  it('on acceptance the sender’s standing is checked again, whatever left an invitation unrevoked', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const admin = await adminOf(owner);
    const email = address('unrevoked');
    const invitation = await invite(admin, owner.organizationId!, email, 'admin');
    // A demotion made past the API (by hand in the database, say), so nothing revoked the invitation.
    await app.sql(`UPDATE users SET member_role = 'member' WHERE id = $1`, [admin.userId]);

    const refused = await register(email, invitation.token).expect(400);
    expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'invitationToken', code: 'invalid' })]);
    expect(await app.sql('SELECT accepted_at FROM invitations WHERE id = $1', [invitation.id])).toEqual([{ accepted_at: null }]);
  });
});
