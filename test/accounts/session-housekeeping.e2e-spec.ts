import { JobProducer } from '@techbridge/queue';
import request from 'supertest';
import { login, loginAdmin, registerOrganization } from '../support/accounts';
import { eventually, startTestApp, type TestApp } from '../support/harness';

describe('purging expired sessions, password resets and failed sign-ins', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const ids = async (table: string, userId: string) =>
    (await app.sql<{ id: string }>(`SELECT id FROM ${table} WHERE user_id = $1 ORDER BY id`, [userId])).map((r) => r.id).sort();

  it('the worker deletes rows 30 days past their use and keeps every live or recent one', async () => {
    const user = await registerOrganization(app, 'enterprise');
    const live = await login(app, user.email);
    const [oldExpired, oldRevoked, recentlyRevoked] = await Promise.all([login(app, user.email), login(app, user.email), login(app, user.email)]);
    const tokenId = (s: { refreshToken: string }) => s.refreshToken.split('.')[0];
    await app.sql(`UPDATE refresh_tokens SET expires_at = now() - interval '31 days' WHERE id = $1`, [tokenId(oldExpired)]);
    await app.sql(`UPDATE refresh_tokens SET revoked_at = now() - interval '31 days' WHERE id = $1`, [tokenId(oldRevoked)]);
    await app.sql(`UPDATE refresh_tokens SET revoked_at = now() - interval '29 days' WHERE id = $1`, [tokenId(recentlyRevoked)]);

    const admin = await loginAdmin(app);
    const issue = async () => (await request(app.http).post(`/api/v1/admin/users/${user.userId}/password-resets`).set(admin.auth).expect(201)).body.id as string;
    const oldReset = await issue();
    const currentReset = await issue();
    await app.sql(`UPDATE password_resets SET expires_at = now() - interval '31 days' WHERE id = $1`, [oldReset]);

    // Failed sign-ins: a count a day quiet is forgotten, one still locking or recent is kept.
    await app.sql(`INSERT INTO sign_in_failures (email, failures, locked_until, last_failed_at) VALUES
      ('quiet@example.test', 3, NULL, now() - interval '25 hours'),
      ('locked@example.test', 9, now() + interval '10 minutes', now() - interval '25 hours'),
      ('recent@example.test', 2, NULL, now() - interval '1 hour')`);

    const keptTokens = [user, live, recentlyRevoked].map(tokenId).sort();
    await app.api.get(JobProducer).enqueue('accounts.purge_expired', {});
    await eventually(async () => ((await ids('refresh_tokens', user.userId)).length === keptTokens.length ? true : undefined));
    expect(await ids('refresh_tokens', user.userId)).toEqual(keptTokens);
    expect(await ids('password_resets', user.userId)).toEqual([currentReset]);
    const failures = async () => (await app.sql<{ email: string }>('SELECT email FROM sign_in_failures ORDER BY email')).map((r) => r.email);
    expect(await eventually(async () => ((await failures()).length < 3 ? failures() : undefined))).toEqual(['locked@example.test', 'recent@example.test']);

    // The live session is untouched and still refreshes.
    await request(app.http).post('/api/v1/auth/refresh').send({ refreshToken: live.refreshToken }).expect(200);
  });
});
