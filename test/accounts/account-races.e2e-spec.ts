import { hashPassword } from '@techbridge/accounts';
import request from 'supertest';
import { login, loginAdmin, PASSWORD, registerOrganization, type Session } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';
import { whileCommitting } from '../support/races';

/**
 * A change of members or admins that meets another in flight: another transaction holds what the
 * first change of its kind locks, with its writes not yet committed; the request waits for it and
 * then decides on what committed, not on what it read (or cached) before.
 */
describe('members and admins changed at the same time', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(() => app.close());

  const http = () => request(app.http);

  async function memberOf(owner: Session, memberRole: 'admin' | 'member'): Promise<Session> {
    const email = `r-${memberRole}-${Math.random().toString(36).slice(2)}@example.test`;
    const inv = await http().post(`/api/v1/organizations/${owner.organizationId}/invitations`).set(owner.auth).send({ email, memberRole }).expect(201);
    await http().post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: '赵磊', invitationToken: inv.body.token }).expect(201);
    return login(app, email);
  }
  const rolesIn = async (organizationId: string) =>
    Object.fromEntries((await app.sql<{ id: string; member_role: string }>('SELECT id, member_role FROM users WHERE organization_id = $1', [organizationId])).map((u) => [u.id, u.member_role]));

  it('two hand-overs of the ownership at once leave one owner: the second finds its caller no longer the owner', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const [first, second] = [await memberOf(owner, 'admin'), await memberOf(owner, 'admin')];
    const org = owner.organizationId!;
    // The first hand-over as it commits: it holds the organisation, as every change of its members does.
    const res = await whileCommitting(
      app,
      async (db) => {
        await db.query('SELECT 1 FROM organizations WHERE id = $1 FOR NO KEY UPDATE', [org]);
        await db.query(`UPDATE users SET member_role = 'admin' WHERE id = $1`, [owner.userId]);
        await db.query(`UPDATE users SET member_role = 'owner' WHERE id = $1`, [first.userId]);
      },
      () => http().patch(`/api/v1/organizations/${org}/members/${second.userId}`).set(owner.auth).send({ memberRole: 'owner' }),
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('owner_only');
    expect(await rolesIn(org)).toEqual({ [owner.userId]: 'admin', [first.userId]: 'owner', [second.userId]: 'admin' });
  });

  it('a removal waiting on the member’s promotion finds an admin: a 403, and the admin stays', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const [admin, member] = [await memberOf(owner, 'admin'), await memberOf(owner, 'member')];
    const org = owner.organizationId!;
    const res = await whileCommitting(
      app,
      (db) => db.query(`UPDATE users SET member_role = 'admin' WHERE id = $1`, [member.userId]),
      () => http().delete(`/api/v1/organizations/${org}/members/${member.userId}`).set(admin.auth),
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('outranked');
    expect((await rolesIn(org))[member.userId]).toBe('admin');
  });

  it('two admins deactivating each other at once leave one active: the second finds its caller deactivated, and is refused', async () => {
    const first = await loginAdmin(app);
    const other = await registerOrganization(app, 'enterprise');
    await http().put(`/api/v1/admin/users/${other.userId}/roles/admin`).set(first.auth).expect(200);
    // The other admin deactivating the first, as it commits: it holds the lock every removal of an admin takes.
    const res = await whileCommitting(
      app,
      async (db) => {
        await db.query(`SELECT pg_advisory_xact_lock(hashtext('techbridge.platform_admins'))`);
        await db.query('UPDATE users SET active = false WHERE id = $1', [first.userId]);
      },
      () => http().post(`/api/v1/admin/users/${other.userId}/deactivate`).set(first.auth),
    );
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_token');
    expect(await app.sql(`SELECT id FROM users WHERE active AND 'admin' = ANY(platform_roles)`)).toEqual([{ id: other.userId }]);
  });

  it('a sign-in with the old password, checked while a password change commits, is refused: no session outlives the change', async () => {
    const user = await registerOrganization(app, 'enterprise');
    const newPassword = 'Brand-new-pass-77';
    const newHash = await hashPassword(newPassword);
    // The change as it commits: the user held (as ending the sessions holds it), the new hash set, every session ended.
    const res = await whileCommitting(
      app,
      async (db) => {
        await db.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [user.userId]);
        await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.userId, newHash]);
        await db.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [user.userId]);
      },
      () => http().post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }),
    );
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_credentials');
    expect(await app.sql('SELECT 1 FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL', [user.userId])).toEqual([]);
    await login(app, user.email, newPassword);
  });

  it('sessions ended while another session refreshes: the token that refresh issues is ended too', async () => {
    const here = await registerOrganization(app, 'enterprise');
    const elsewhere = await login(app, here.email);
    const [presented] = elsewhere.refreshToken.split('.');
    const columns = (await app.sql<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'refresh_tokens' AND column_name NOT IN ('id', 'used_at', 'revoked_at')`))
      .map((c) => `"${c.column_name}"`)
      .join(', ');
    let issued = '';
    // The refresh as it commits: the user held shared (as every refresh holds it), the token presented used, the next one issued in its session.
    const res = await whileCommitting(
      app,
      async (db) => {
        await db.query('SELECT 1 FROM users WHERE id = $1 FOR SHARE', [here.userId]);
        await db.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [presented]);
        issued = (await db.query<{ id: string }>(`INSERT INTO refresh_tokens (id, ${columns}) SELECT gen_random_uuid(), ${columns} FROM refresh_tokens WHERE id = $1 RETURNING id`, [presented])).rows[0]!.id;
      },
      () => http().post('/api/v1/me/sessions/end-others').set(here.auth).send({}),
    );
    expect(res.status).toBeLessThan(300);
    expect(await app.sql('SELECT revoked_at IS NOT NULL AS revoked FROM refresh_tokens WHERE id = $1', [issued])).toEqual([{ revoked: true }]);
  });
});
