import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApp } from '../../apps/api/src/http/configure-app';
import { login, loginAdmin, PASSWORD, registerOrganization, type Session } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';
import { whileCommitting } from '../support/races';

/**
 * Each API replica caches whom a token stands for, a few seconds. Writes that hand on or take away
 * authority (invitations, password resets, members' roles, platform roles) judge the caller as
 * committed now: a demotion made on one replica holds at once on every other.
 */
describe('writes that hand on authority judge the caller’s current role', () => {
  let app: TestApp;
  let other: NestExpressApplication;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    // Another API replica on the same database: it cached the caller before the demotion.
    other = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(app.env), { bodyParser: false, bufferLogs: true });
    await configureApp(other);
  });
  afterAll(async () => {
    await other.close();
    await app.close();
  });

  const here = () => request(app.http);
  const there = () => request(other.getHttpServer());
  const address = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2)}@example.test`;

  async function memberOf(owner: Session, memberRole: 'admin' | 'member'): Promise<Session> {
    const email = address(memberRole);
    const inv = await here().post(`/api/v1/organizations/${owner.organizationId}/invitations`).set(owner.auth).send({ email, memberRole }).expect(201);
    await here().post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: '周敏', invitationToken: inv.body.token }).expect(201);
    return login(app, email);
  }

  describe('an organisation’s admin just made a plain member on another replica', () => {
    let owner: Session;
    let admin: Session;
    let member: Session;
    beforeEach(async () => {
      owner ??= await registerOrganization(app, 'enterprise');
      member ??= await memberOf(owner, 'member');
      admin = await memberOf(owner, 'admin');
      // The other replica now holds the admin's role in its cache.
      expect((await there().get('/api/v1/me').set(admin.auth).expect(200)).body.user.memberRole).toBe('admin');
      await here().patch(`/api/v1/organizations/${owner.organizationId}/members/${admin.userId}`).set(owner.auth).send({ memberRole: 'member' }).expect(200);
    });

    it.each([
      ['send an invitation', () => there().post(`/api/v1/organizations/${owner.organizationId}/invitations`).set(admin.auth).send({ email: address('late'), memberRole: 'admin' })],
      ['issue a member’s password reset', () => there().post(`/api/v1/organizations/${owner.organizationId}/members/${member.userId}/password-resets`).set(admin.auth).send({})],
      ['change a member’s role', () => there().patch(`/api/v1/organizations/${owner.organizationId}/members/${member.userId}`).set(admin.auth).send({ memberRole: 'admin' })],
      ['remove a member', () => there().delete(`/api/v1/organizations/${owner.organizationId}/members/${member.userId}`).set(admin.auth)],
    ])('cannot %s there at once with the session it still has', async (_, attempt) => {
      const refused = await attempt();
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('not_organization_admin');
      expect(await app.sql(`SELECT 1 FROM invitations WHERE invited_by = $1 AND revoked_at IS NULL`, [admin.userId])).toEqual([]);
      expect(await app.sql(`SELECT 1 FROM password_resets WHERE issued_by = $1`, [admin.userId])).toEqual([]);
      expect(await app.sql(`SELECT member_role FROM users WHERE id = $1`, [member.userId])).toEqual([{ member_role: 'member' }]);
    });
  });

  it('a platform admin whose role was just revoked on another replica cannot grant it back, deactivate or issue resets there', async () => {
    const first = await loginAdmin(app);
    const second = await registerOrganization(app, 'agency');
    const someone = await registerOrganization(app, 'enterprise');
    await here().put(`/api/v1/admin/users/${second.userId}/roles/admin`).set(first.auth).expect(200);
    await there().get('/api/v1/admin/users').set(second.auth).expect(200);
    await here().delete(`/api/v1/admin/users/${second.userId}/roles/admin`).set(first.auth).expect(200);

    const attempts = [
      there().put(`/api/v1/admin/users/${second.userId}/roles/admin`).set(second.auth),
      there().post(`/api/v1/admin/users/${first.userId}/deactivate`).set(second.auth),
      there().post(`/api/v1/admin/users/${someone.userId}/password-resets`).set(second.auth),
    ];
    for (const attempt of attempts) expect(await attempt).toMatchObject({ status: 403, body: expect.objectContaining({ code: 'role_required' }) });
    expect(await app.sql(`SELECT platform_roles FROM users WHERE id = $1`, [second.userId])).toEqual([{ platform_roles: [] }]);
    expect(await app.sql(`SELECT active FROM users WHERE id = $1`, [first.userId])).toEqual([{ active: true }]);
    expect(await app.sql(`SELECT 1 FROM password_resets WHERE user_id = $1`, [someone.userId])).toEqual([]);
  });

  it('an invitation sent while the sender’s demotion commits waits for it, and is refused', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const admin = await memberOf(owner, 'admin');
    const res = await whileCommitting(
      app,
      (db) => db.query(`UPDATE users SET member_role = 'member' WHERE id = $1`, [admin.userId]),
      () => here().post(`/api/v1/organizations/${owner.organizationId}/invitations`).set(admin.auth).send({ email: address('racing'), memberRole: 'admin' }),
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('not_organization_admin');
  });
});
