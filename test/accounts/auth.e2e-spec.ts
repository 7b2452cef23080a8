import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { creditCode, login, loginAdmin, PASSWORD, registerOrganization, type Session } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';

describe('sign-up, sign-in and sessions', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(() => app.close());

  const register = (body: Record<string, unknown>) => request(app.http).post('/api/v1/auth/register').send(body);
  const newOrg = (overrides: Record<string, unknown> = {}) => ({ type: 'enterprise', name: '大连海晟风电装备有限公司', creditCode: creditCode(), regionCode: '210211', ...overrides });

  it('registers a user with a new organisation, signs in, and shows it on /me', async () => {
    const res = await register({ email: 'Zhang.Wei@Example.test', password: PASSWORD, displayName: '张伟', organization: newOrg({ fields: ['equipment'], tiers: ['specialized'] }) }).expect(201);
    expect(res.body.user).toMatchObject({ email: 'zhang.wei@example.test', memberRole: 'owner', platformRoles: [], active: true });
    expect(res.body.tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, accessToken: expect.any(String), refreshToken: expect.any(String) });
    expect(res.body.user).not.toHaveProperty('passwordHash');

    const me = await request(app.http).get('/api/v1/me').set('Authorization', `Bearer ${res.body.tokens.accessToken}`).expect(200);
    expect(me.body.organization).toMatchObject({ name: '大连海晟风电装备有限公司', type: 'enterprise', regionName: '辽宁省大连市甘井子区', verified: false, fields: ['equipment'], tiers: ['specialized'] });
    expect(me.body.roles).toEqual([]);

    const again = await login(app, 'ZHANG.WEI@example.test');
    expect(again.userId).toBe(res.body.user.id);
  });

  it('stores no password in clear: argon2id hashes only', async () => {
    const rows = await app.sql<{ password_hash: string }>(`SELECT password_hash FROM users WHERE email = 'zhang.wei@example.test'`);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it.each([
    [{ creditCode: '91110000100005888D' }, 'organization.creditCode', 'creditCode.check_character'],
    [{ creditCode: '9111000010000588' }, 'organization.creditCode', 'creditCode.length'],
    [{ creditCode: '91110000100005888O' }, 'organization.creditCode', 'creditCode.characters'],
    [{ regionCode: '219999' }, 'organization.regionCode', 'regionCode.unknown'],
    [{ regionCode: '2102' }, 'organization.regionCode', 'matches'],
    [{ type: 'club' }, 'organization.type', 'isIn'],
    [{ fields: ['astrology'] }, 'organization.fields', 'fields.unknown'],
    [{ type: 'university', tiers: ['gazelle'] }, 'organization.tiers', 'tiers.notEnterprise'],
  ])('refuses organisation %j with a 400 on %s', async (override, field, code) => {
    const before = await app.sql('SELECT count(*)::int AS n FROM users');
    const res = await register({ email: `bad-${field}-${code}@example.test`, password: PASSWORD, displayName: 'x', organization: newOrg(override) }).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field, code })]));
    expect(await app.sql('SELECT count(*)::int AS n FROM users')).toEqual(before);
  });

  it('enforces the password policy and refuses unknown fields (no mass assignment of roles)', async () => {
    const weak = await register({ email: 'weak@example.test', password: 'short', displayName: 'x', organization: newOrg() }).expect(400);
    expect(weak.body.fields).toEqual([expect.objectContaining({ field: 'password', code: 'tooShort' })]);
    const sneaky = await register({ email: 'sneaky@example.test', password: PASSWORD, displayName: 'x', organization: newOrg(), platformRoles: ['admin'] }).expect(400);
    expect(sneaky.body.fields).toEqual([expect.objectContaining({ field: 'platformRoles', code: 'unknown_field' })]);
    const sneakyOrg = await register({ email: 'sneaky2@example.test', password: PASSWORD, displayName: 'x', organization: { ...newOrg(), verified: true } }).expect(400);
    expect(sneakyOrg.body.fields).toEqual([expect.objectContaining({ field: 'organization.verified', code: 'unknown_field' })]);
  });

  it('refuses a second account for an e-mail and a second registration of an organisation', async () => {
    const code = creditCode();
    await register({ email: 'first@example.test', password: PASSWORD, displayName: 'a', organization: newOrg({ creditCode: code }) }).expect(201);
    expect((await register({ email: 'FIRST@example.test', password: PASSWORD, displayName: 'b', organization: newOrg() }).expect(409)).body.code).toBe('email_taken');
    expect((await register({ email: 'second@example.test', password: PASSWORD, displayName: 'b', organization: newOrg({ creditCode: code }) }).expect(409)).body.code).toBe('organization_exists');
  });

  it('refuses an invalid invitation alike whether or not the address has an account', async () => {
    await register({ email: 'taken@example.test', password: PASSWORD, displayName: 'a', organization: newOrg() }).expect(201);
    const answers: Array<{ status: number; fields: unknown }> = [];
    for (const email of ['taken@example.test', 'untaken@example.test']) {
      const res = await register({ email, password: PASSWORD, displayName: 'b', invitationToken: 'x'.repeat(43) });
      answers.push({ status: res.status, fields: res.body.fields });
    }
    expect(answers[0]).toEqual({ status: 400, fields: [expect.objectContaining({ field: 'invitationToken', code: 'invalid' })] });
    expect(answers[1]).toEqual(answers[0]);
    expect(await app.sql(`SELECT 1 FROM users WHERE email = 'untaken@example.test'`)).toEqual([]);
  });

  it('refuses a wrong password and an unknown e-mail alike', async () => {
    const wrong = await request(app.http).post('/api/v1/auth/login').send({ email: 'zhang.wei@example.test', password: 'Wrong-password-1' }).expect(401);
    const unknown = await request(app.http).post('/api/v1/auth/login').send({ email: 'nobody@example.test', password: 'Wrong-password-1' }).expect(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    expect(unknown.body.code).toBe('invalid_credentials');
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('rotates refresh tokens, and a reused one ends the whole session', async () => {
    const session = await registerOrganization(app, 'enterprise');
    const first = await request(app.http).post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(200);
    expect(first.body.refreshToken).not.toBe(session.refreshToken);
    const second = await request(app.http).post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(200);
    await request(app.http).get('/api/v1/me').set('Authorization', `Bearer ${second.body.accessToken}`).expect(200);

    // The first token, already used, comes back: theft. The family is revoked.
    const reuse = await request(app.http).post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    expect(reuse.body.code).toBe('refresh_token_reused');
    expect((await request(app.http).post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken }).expect(401)).body.code).toBe('invalid_refresh_token');
    await request(app.http).get('/api/v1/me').set('Authorization', `Bearer ${second.body.accessToken}`).expect(401);
    // Another sign-in is unaffected.
    await request(app.http).get('/api/v1/me').set((await login(app, session.email)).auth).expect(200);
  });

  it('refuses forged and tampered refresh tokens', async () => {
    const session = await registerOrganization(app, 'university');
    const [id] = session.refreshToken.split('.');
    for (const token of [`${id}.forged-secret`, 'not-a-token', `00000000-0000-0000-0000-000000000000.x`]) {
      expect((await request(app.http).post('/api/v1/auth/refresh').send({ refreshToken: token }).expect(401)).body.code).toBe('invalid_refresh_token');
    }
  });

  it('logout ends the session: its refresh and access tokens stop working', async () => {
    const session = await registerOrganization(app, 'institute');
    await request(app.http).post('/api/v1/auth/logout').set(session.auth).send({ refreshToken: session.refreshToken }).expect(204);
    await request(app.http).post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    await request(app.http).get('/api/v1/me').set(session.auth).expect(401);
  });

  it('one user cannot log another out', async () => {
    const victim = await registerOrganization(app, 'enterprise');
    const attacker = await registerOrganization(app, 'enterprise');
    await request(app.http).post('/api/v1/auth/logout').set(attacker.auth).send({ refreshToken: victim.refreshToken }).expect(401);
    await request(app.http).post('/api/v1/auth/refresh').send({ refreshToken: victim.refreshToken }).expect(200);
  });

  it('refuses an access token naming another user’s live session, even one signed with the platform’s key', async () => {
    const victim = await registerOrganization(app, 'enterprise');
    const holder = await registerOrganization(app, 'enterprise');
    await request(app.http).post('/api/v1/auth/logout').set(holder.auth).send({ refreshToken: holder.refreshToken }).expect(204);
    const sessionOf = async (s: Session) => (await app.sql<{ family_id: string }>('SELECT family_id FROM refresh_tokens WHERE id = $1', [s.refreshToken.split('.')[0]]))[0]!.family_id;
    const sign = (sub: string, sid: string) =>
      new JwtService().signAsync({ sub, sid }, { secret: app.env.jwtSecret, audience: 'techbridge-api', issuer: 'techbridge', algorithm: 'HS256', expiresIn: 900 });

    const forged = await sign(holder.userId, await sessionOf(victim));
    expect((await request(app.http).get('/api/v1/me').set('Authorization', `Bearer ${forged}`).expect(401)).body.code).toBe('invalid_token');
    // The same signing with the holder's own live session passes: only whose session it names was wrong.
    const own = await login(app, holder.email);
    const genuine = await sign(holder.userId, await sessionOf(own));
    expect((await request(app.http).get('/api/v1/me').set('Authorization', `Bearer ${genuine}`).expect(200)).body.user.id).toBe(holder.userId);
  });

  it('rejects tampered and expired-looking access tokens', async () => {
    const session = await registerOrganization(app, 'enterprise');
    const [h, p, s] = session.accessToken.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: '00000000-0000-0000-0000-000000000000' })).toString('base64url')}.${s}`;
    expect((await request(app.http).get('/api/v1/me').set('Authorization', `Bearer ${forged}`).expect(401)).body.code).toBe('invalid_token');
    await request(app.http).get('/api/v1/me').set('Authorization', 'Bearer garbage').expect(401);
    await request(app.http).get('/api/v1/me').expect(401);
  });

  it('the first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD, once', async () => {
    const admin = await loginAdmin(app);
    const me = await request(app.http).get('/api/v1/me').set(admin.auth).expect(200);
    expect(me.body.roles).toEqual(['admin']);
    const entries = await app.sql(`SELECT action FROM audit_entries WHERE action = 'account.bootstrap_admin'`);
    expect(entries).toHaveLength(1);
  });

  it('a deactivated user can no longer sign in, and their open sessions end at once', async () => {
    const user = await registerOrganization(app, 'enterprise');
    const admin = await loginAdmin(app);
    await request(app.http).post(`/api/v1/admin/users/${user.userId}/deactivate`).set(admin.auth).expect(200);
    await request(app.http).get('/api/v1/me').set(user.auth).expect(401);
    const res = await request(app.http).post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(403);
    expect(res.body.code).toBe('account_deactivated');
    await request(app.http).post(`/api/v1/admin/users/${user.userId}/reactivate`).set(admin.auth).expect(200);
    await login(app, user.email);
  });
});
