import request from 'supertest';
import { PASSWORD, registerOrganization, type Session } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';

/** A user's own sign-in sessions: listed with where they came from, ended one by one or all but this one. */
describe('sign-in sessions', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(() => app.close());

  type Listed = { id: string; current: boolean; userAgent: string | null; signedInAt: string; lastActiveAt: string };
  const signIn = async (email: string, userAgent: string) => {
    const res = await request(app.http).post('/api/v1/auth/login').set('User-Agent', userAgent).send({ email, password: PASSWORD }).expect(200);
    return { accessToken: res.body.tokens.accessToken as string, refreshToken: res.body.tokens.refreshToken as string, auth: { Authorization: `Bearer ${res.body.tokens.accessToken}` } };
  };
  const sessions = async (auth: { Authorization: string }) => (await request(app.http).get('/api/v1/me/sessions').set(auth).expect(200)).body as Listed[];
  const refresh = (refreshToken: string, userAgent = 'node') => request(app.http).post('/api/v1/auth/refresh').set('User-Agent', userAgent).send({ refreshToken });

  it('lists each live session with its device, marks the current one and leaves out ended ones', async () => {
    const owner: Session = await registerOrganization(app, 'enterprise');
    const laptop = await signIn(owner.email, 'Mozilla/5.0 (Windows NT 10.0) Chrome/130');
    const phone = await signIn(owner.email, 'WeChat/8.0 (iPhone)');
    const refreshed = await refresh(phone.refreshToken, 'WeChat/8.0.1 (iPhone)').expect(200);
    await request(app.http).post('/api/v1/auth/logout').set(owner.auth).send({ refreshToken: owner.refreshToken }).expect(204);

    const listed = await sessions(laptop.auth);
    expect(listed.map((s) => [s.userAgent, s.current])).toEqual([
      ['WeChat/8.0.1 (iPhone)', false],
      ['Mozilla/5.0 (Windows NT 10.0) Chrome/130', true],
    ]);
    expect(Date.parse(listed[0]!.lastActiveAt)).toBeGreaterThan(Date.parse(listed[0]!.signedInAt));
    // The refreshed phone session is the same session, seen from its new access token.
    expect((await sessions({ Authorization: `Bearer ${refreshed.body.accessToken}` })).find((s) => s.current)!.id).toBe(listed[0]!.id);
  });

  it('ends one session: its tokens stop working, the others go on', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const laptop = await signIn(owner.email, 'laptop');
    const stolen = await signIn(owner.email, 'unknown device');
    const target = (await sessions(laptop.auth)).find((s) => s.userAgent === 'unknown device')!;

    await request(app.http).delete(`/api/v1/me/sessions/${target.id}`).set(laptop.auth).expect(204);
    await request(app.http).get('/api/v1/me').set(stolen.auth).expect(401);
    await refresh(stolen.refreshToken).expect(401);
    await request(app.http).get('/api/v1/me').set(laptop.auth).expect(200);
    await request(app.http).delete(`/api/v1/me/sessions/${target.id}`).set(laptop.auth).expect(404);
    // Another user's session is not found, and stays live.
    const other = await registerOrganization(app, 'enterprise');
    const theirs = (await sessions(other.auth))[0]!;
    expect((await request(app.http).delete(`/api/v1/me/sessions/${theirs.id}`).set(laptop.auth).expect(404)).body.code).toBe('session_not_found');
    await request(app.http).get('/api/v1/me').set(other.auth).expect(200);
    await request(app.http).delete('/api/v1/me/sessions/not-a-uuid').set(laptop.auth).expect(400);
  });

  it('ends every other session and keeps the current one', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const others = [await signIn(owner.email, 'a'), await signIn(owner.email, 'b')];
    const res = await request(app.http).post('/api/v1/me/sessions/end-others').set(owner.auth).expect(200);
    expect(res.body).toEqual({ ended: 2 });
    for (const s of others) await request(app.http).get('/api/v1/me').set(s.auth).expect(401);
    expect((await sessions(owner.auth)).map((s) => s.current)).toEqual([true]);
    await refresh(owner.refreshToken).expect(200);
    expect((await request(app.http).post('/api/v1/me/sessions/end-others').set(owner.auth).expect(200)).body).toEqual({ ended: 0 });
    const audit = await app.sql<{ details: { ended: number } }>(`SELECT details FROM audit_entries WHERE action = 'account.end_sessions' AND resource_id = $1`, [owner.userId]);
    expect(audit.map((a) => a.details.ended)).toEqual([2]);
  });
});
