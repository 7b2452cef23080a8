import { JobProducer } from '@techbridge/queue';
import request from 'supertest';
import { login, loginAdmin, registerOrganization } from '../support/accounts';
import { eventually, startTestApp, type TestApp } from '../support/harness';

describe('purging expired sessions and password resets', () => {
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

    const keptTokens = [user, live, recentlyRevoked].map(tokenId).sort();
    await app.api.get(JobProducer).enqueue('accounts.purge_expired', {});
    await eventually(async () => ((await ids('refresh_tokens', user.userId)).length === keptTokens.length ? true : undefined));
    expect(await ids('refresh_tokens', user.userId)).toEqual(keptTokens);
    expect(await ids('password_resets', user.userId)).toEqual([currentReset]);

    // The live session is untouched and still refreshes.
    await request(app.http).post('/api/v1/auth/refresh').send({ refreshToken: live.refreshToken }).expect(200);
  });
});
