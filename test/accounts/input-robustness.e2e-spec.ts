import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { creditCode, PASSWORD, registerOrganization, type Session } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';

/** Whatever a client sends, the answer is a 4xx naming the field, never a 500, and nothing changes. */
describe('hostile input to accounts and the validation pipeline', () => {
  let app: TestApp;
  let owner: Session;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    owner = await registerOrganization(app, 'enterprise');
  });
  afterAll(() => app.close());

  const org = () => `/api/v1/organizations/${owner.organizationId}`;
  const firstField = (res: request.Response) => ({ field: res.body.fields[0].field, code: res.body.fields[0].code });

  it.each([
    ['displayName', { displayName: '张\u0000伟' }],
    ['organization.name', { organization: { type: 'enterprise', name: '大连\u0000公司', creditCode: creditCode(), regionCode: '210211' } }],
  ])('sign-up refuses a NUL character in %s', async (field, overrides) => {
    const body = { email: `nul-${randomUUID()}@example.test`, password: PASSWORD, displayName: '张伟', organization: { type: 'enterprise', name: '大连某公司', creditCode: creditCode(), regionCode: '210211' }, ...overrides };
    const res = await request(app.http).post('/api/v1/auth/register').send(body).expect(400);
    expect(firstField(res)).toEqual({ field, code: 'nulCharacter' });
    expect(await app.sql(`SELECT 1 FROM users WHERE email = $1`, [body.email])).toHaveLength(0);
  });

  it('sign-in refuses a NUL character in the e-mail', async () => {
    const res = await request(app.http).post('/api/v1/auth/login').send({ email: `${owner.email}\u0000`, password: PASSWORD }).expect(400);
    expect(firstField(res)).toEqual({ field: 'email', code: 'nulCharacter' });
  });

  it('a malformed refresh token is a 401 invalid_refresh_token, on refresh and on logout', async () => {
    for (const refreshToken of ['------------------------------------.abc', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz.abc', '0000000000000000000000000000000000-0.x']) {
      expect((await request(app.http).post('/api/v1/auth/refresh').send({ refreshToken }).expect(401)).body.code).toBe('invalid_refresh_token');
      expect((await request(app.http).post('/api/v1/auth/logout').set(owner.auth).send({ refreshToken }).expect(401)).body.code).toBe('invalid_refresh_token');
    }
  });

  it.each(['name', 'fields', 'tiers'])('an organisation update refuses null for %s and changes nothing', async (field) => {
    const before = (await request(app.http).get(org()).set(owner.auth).expect(200)).body;
    const res = await request(app.http).patch(org()).set(owner.auth).send({ version: before.version, [field]: null }).expect(400);
    expect(firstField(res)).toEqual({ field, code: 'isNotNull' });
    expect((await request(app.http).get(org()).set(owner.auth).expect(200)).body).toEqual(before);
  });

  it('null stays allowed where the API documents it (an organisation’s description)', async () => {
    const before = (await request(app.http).get(org()).set(owner.auth).expect(200)).body;
    const res = await request(app.http).patch(org()).set(owner.auth).send({ version: before.version, description: null }).expect(200);
    expect(res.body.description).toBeNull();
  });

  it('an organisation update refuses a NUL character in the name', async () => {
    const before = (await request(app.http).get(org()).set(owner.auth).expect(200)).body;
    const res = await request(app.http).patch(org()).set(owner.auth).send({ version: before.version, name: 'a\u0000b' }).expect(400);
    expect(firstField(res)).toEqual({ field: 'name', code: 'nulCharacter' });
  });

  it('match feedback: a NUL character in the reason is refused, and a wrong type is reported as the type, not the length', async () => {
    const feedback = (reason: unknown) => request(app.http).post(`/api/v1/matches/${randomUUID()}/feedback`).set(owner.auth).send({ verdict: 'interested', reason });
    expect(firstField(await feedback('不相关\u0000').expect(400))).toEqual({ field: 'reason', code: 'nulCharacter' });
    expect(firstField(await feedback(5).expect(400))).toEqual({ field: 'reason', code: 'isString' });
  });
});
