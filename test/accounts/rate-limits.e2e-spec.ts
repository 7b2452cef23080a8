import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApp } from '../../apps/api/src/http/configure-app';
import { PASSWORD, registerOrganization } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';

/** Limits here are low on purpose; the client address comes from X-Forwarded-For (TRUST_PROXY). */
const LIMITS = { TRUST_PROXY: 'true', AUTH_LIMIT_PER_IP_PER_MINUTE: '5', AUTH_LIMIT_PER_ACCOUNT_PER_HOUR: '8' };

describe('abuse limits on sign-in and sign-up', () => {
  let app: TestApp;
  let second: NestExpressApplication;
  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: LIMITS });
    // A second API replica on the same database and store.
    second = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(app.env), { bodyParser: false, bufferLogs: true });
    await configureApp(second);
  });
  afterAll(async () => {
    await second.close();
    await app.close();
  });

  const attempt = (server: unknown, ip: string, email: string, password = 'Wrong-password-1') =>
    request(server as never).post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });

  it('limits sign-in attempts per client address, with Retry-After, across API replicas', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(i % 2 ? second.getHttpServer() : app.http, '203.0.113.7', `nobody${i}@example.test`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const limited = await attempt(second.getHttpServer(), '203.0.113.7', 'nobody9@example.test').expect(429);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another address is not affected.
    await attempt(app.http, '203.0.113.8', 'nobody@example.test').expect(401);
  });

  it('with TRUST_PROXY=true only the nearest proxy is believed: an address the client prepends to X-Forwarded-For changes nothing', async () => {
    // The load balancer appends the address it saw (203.0.113.70) to whatever the client sent.
    const spoofed = Array.from({ length: 6 }, (_, i) => `198.18.${i}.${Math.floor(Math.random() * 250) + 1}`);
    const statuses: number[] = [];
    for (const [i, fake] of spoofed.entries()) statuses.push((await attempt(app.http, `${fake}, 203.0.113.70`, `spoof${i}@example.test`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // What the client wrote was never counted: each of those addresses, seen by the proxy itself, still gets through.
    await attempt(app.http, spoofed[0], 'spoof@example.test').expect(401);
  });

  it('locks an account after repeated failures, even for the right password, and unlocks after the wait', async () => {
    const user = await registerOrganization(app, 'enterprise');
    for (let i = 0; i < 5; i++) await attempt(app.http, `198.51.100.${i}`, user.email).expect(401);
    const locked = await attempt(app.http, '198.51.100.50', user.email, PASSWORD).expect(429);
    expect(locked.body.message).toContain('locked');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(20);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(await app.sql('SELECT failures FROM sign_in_failures WHERE email = $1', [user.email])).toEqual([{ failures: 5 }]);
    // Time passes (the lock is data: move it into the past rather than wait).
    await app.sql(`UPDATE sign_in_failures SET locked_until = now() - interval '1 second' WHERE email = $1`, [user.email]);
    await attempt(app.http, '198.51.100.51', user.email, PASSWORD).expect(200);
    expect(await app.sql('SELECT failures FROM sign_in_failures WHERE email = $1', [user.email])).toEqual([]);
  });

  it('locks out an address without an account exactly as one with: neither the 401s nor the 429 tell whether it has one', async () => {
    const user = await registerOrganization(app, 'enterprise');
    const unknown = `nobody-${Date.now()}@example.test`;
    const answers = async (email: string, net: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await attempt(app.http, `${net}.${i}`, email)).status);
      const locked = await attempt(app.http, `${net}.50`, email, PASSWORD);
      return { statuses: [...statuses, locked.status], code: locked.body.code, message: locked.body.message, retryAfter: Number(locked.headers['retry-after']) };
    };
    const known = await answers(user.email, '100.64.1');
    const none = await answers(unknown.toUpperCase(), '100.64.2');
    expect(known).toMatchObject({ statuses: [401, 401, 401, 401, 401, 429], code: 'rate_limited' });
    expect(none).toEqual({ ...known, retryAfter: expect.any(Number) });
    expect(Math.abs(none.retryAfter - known.retryAfter)).toBeLessThanOrEqual(5);
  });

  it('each failure past the threshold doubles the lock-out', async () => {
    const user = await registerOrganization(app, 'enterprise');
    for (let i = 0; i < 5; i++) await attempt(app.http, `192.0.2.${i}`, user.email).expect(401);
    await app.sql(`UPDATE sign_in_failures SET locked_until = now() - interval '1 second' WHERE email = $1`, [user.email]);
    await attempt(app.http, '192.0.2.9', user.email).expect(401); // sixth failure
    const locked = await attempt(app.http, '192.0.2.10', user.email, PASSWORD).expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(50);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('limits attempts per account whatever the address', async () => {
    const email = 'target@example.test';
    const answers: Array<{ status: number; message: string }> = [];
    for (let i = 0; i < 9; i++) answers.push(await attempt(app.http, `100.64.0.${i}`, email).then((r) => ({ status: r.status, message: r.body.message })));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429]);
    // The sixth to eighth meet the lock-out; the ninth the hourly limit, which is counted first.
    expect(answers[5]!.message).toContain('locked');
    expect(answers[8]!.message).toBe('too many attempts; try again later');
  });

  it('limits registrations per client address', async () => {
    const register = (i: number) =>
      request(app.http)
        .post('/api/v1/auth/register')
        .set('X-Forwarded-For', '203.0.113.99')
        .send({ email: `spam${i}@example.test`, password: PASSWORD, displayName: 'x', organization: { type: 'club' } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await register(i)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
  });
});

describe('the public catalogue export, limited per client address', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: { TRUST_PROXY: 'true', EXPORT_LIMIT_PER_IP_PER_MINUTE: '3' } });
  });
  afterAll(() => app.close());

  const exported = (kind: 'demands' | 'achievements', ip: string) => request(app.http).get(`/api/v1/${kind}/export`).query({ format: 'csv' }).set('X-Forwarded-For', ip);

  it('answers so many exports a minute from one address, then 429 with Retry-After; other addresses and the lists go on', async () => {
    const statuses: number[] = [];
    for (const kind of ['demands', 'achievements', 'demands', 'achievements'] as const) statuses.push((await exported(kind, '203.0.113.40')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await exported('demands', '203.0.113.40').expect(429);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await exported('demands', '203.0.113.41').expect(200);
    await request(app.http).get('/api/v1/demands').set('X-Forwarded-For', '203.0.113.40').expect(200);
  });
});

describe('the public catalogue search, limited per client address', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: { TRUST_PROXY: 'true', SEARCH_LIMIT_PER_IP_PER_MINUTE: '3' } });
  });
  afterAll(() => app.close());

  // A search word, so each call may run all three of its queries (strict, unseen words, relaxed).
  const searched = (kind: 'demands' | 'achievements', ip: string) => request(app.http).get(`/api/v1/${kind}`).query({ q: '轴承监测' }).set('X-Forwarded-For', ip);

  it('answers so many searches a minute from one address, demands and achievements together, then 429 with Retry-After; other addresses and exports go on', async () => {
    const statuses: number[] = [];
    for (const kind of ['demands', 'achievements', 'demands', 'achievements'] as const) statuses.push((await searched(kind, '203.0.113.50')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await searched('demands', '203.0.113.50').expect(429);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    await searched('achievements', '203.0.113.51').expect(200);
    await request(app.http).get('/api/v1/demands/export').query({ format: 'csv' }).set('X-Forwarded-For', '203.0.113.50').expect(200);
  });

  it('counts a signed-in person’s searches as theirs, not their address’s: many people at one venue search on', async () => {
    const first = await registerOrganization(app, 'enterprise');
    const second = await registerOrganization(app, 'university');
    const venue = '203.0.113.60';
    const signedIn = (auth: Record<string, string>) => searched('demands', venue).set(auth);
    for (let i = 0; i < 3; i++) await searched('achievements', venue).expect(200);
    await searched('demands', venue).expect(429);
    // The address is spent for anonymous callers, not for the people signed in there.
    for (let i = 0; i < 3; i++) await signedIn(first.auth).expect(200);
    expect((await signedIn(first.auth)).status).toBe(429);
    await signedIn(second.auth).expect(200);
  });
});
