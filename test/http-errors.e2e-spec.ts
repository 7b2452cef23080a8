import request from 'supertest';
import { loginAdmin, type Session } from './support/accounts';
import { startTestApp, type TestApp } from './support/harness';

/** Bad input of every kind gets its 4xx in the one error shape, never a 500, and changes nothing. */
describe('HTTP error shape and bad input', () => {
  let app: TestApp;
  let admin: Session;
  const pingCount = async () => Number((await app.sql<{ n: string }>('SELECT count(*) AS n FROM system_pings'))[0].n);

  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: { BODY_LIMIT: '2kb' } });
    admin = await loginAdmin(app);
  });
  afterAll(() => app.close());

  const expectShape = (body: Record<string, unknown>, status: number, code: string) => {
    expect(body).toMatchObject({ status, code, message: expect.any(String), requestId: expect.any(String) });
    expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(js|ts):\d+/); // no stack trace
  };

  it('malformed JSON is a 400 malformed_json', async () => {
    const res = await request(app.http).post('/api/v1/system/pings').set(admin.auth).set('content-type', 'application/json').send('{"note": ').expect(400);
    expectShape(res.body, 400, 'malformed_json');
    expect(await pingCount()).toBe(0);
  });

  it('a wrong type is a 400 naming the field and the reason', async () => {
    const res = await request(app.http).post('/api/v1/system/pings').set(admin.auth).send({ note: 42 }).expect(400);
    expectShape(res.body, 400, 'validation_failed');
    expect(res.body.fields).toEqual([{ field: 'note', code: 'isString', message: 'note must be a string' }]);
    expect(await pingCount()).toBe(0);
  });

  it('several problems are all reported, each with its field', async () => {
    const res = await request(app.http).post('/api/v1/system/pings').set(admin.auth).send({ note: 'x'.repeat(201), holdMs: -1 }).expect(400);
    expect(res.body.fields.map((f: { field: string; code: string }) => `${f.field}:${f.code}`).sort()).toEqual(['holdMs:min', 'note:maxLength']);
  });

  it('a body that is no JSON object (an array) is a 400 naming the body', async () => {
    const cases: Array<[string, unknown[]]> = [['/api/v1/system/pings', []], ['/api/v1/system/pings', [{ note: 'x' }]], ['/api/v1/demands', []], ['/api/v1/demands', [{}]]];
    for (const [path, body] of cases) {
      const res = await request(app.http).post(path).set(admin.auth).send(body).expect(400);
      expectShape(res.body, 400, 'validation_failed');
      expect(res.body.fields).toEqual([{ field: 'body', code: 'isObject', message: 'the request body must be a JSON object' }]);
    }
    expect(await pingCount()).toBe(0);
  });

  it('a calendar feed address whose id is no UUID is a 404, never a 500', async () => {
    for (const file of [`${'-'.repeat(36)}.ics`, `${'-'.repeat(36)}.abc.ics`, 'x.ics']) {
      const res = await request(app.http).get(`/api/v1/calendars/${file}`).expect(404);
      expectShape(res.body, 404, 'calendar_not_found');
    }
  });

  it('an unknown field is rejected (no mass assignment)', async () => {
    const res = await request(app.http).post('/api/v1/system/pings').set(admin.auth).send({ note: 'ok', status: 'processed' }).expect(400);
    expectShape(res.body, 400, 'validation_failed');
    expect(res.body.fields).toEqual([{ field: 'status', code: 'unknown_field', message: 'status is not an accepted field' }]);
    expect(await pingCount()).toBe(0);
  });

  it('a body over the limit is a 413', async () => {
    const res = await request(app.http).post('/api/v1/system/pings').set(admin.auth).send({ note: 'x'.repeat(4_000) }).expect(413);
    expectShape(res.body, 413, 'payload_too_large');
    expect(await pingCount()).toBe(0);
  });

  it('an unknown route is a 404 inside and outside the API prefix', async () => {
    for (const path of ['/api/v1/no-such-thing', '/no-such-thing']) {
      const res = await request(app.http).get(path).expect(404);
      expectShape(res.body, 404, 'route_not_found');
    }
  });

  it('a malformed id is a 400 naming the parameter; a well-formed unknown id is a 404', async () => {
    const bad = await request(app.http).get('/api/v1/system/pings/not-a-uuid').set(admin.auth).expect(400);
    expect(bad.body.fields).toEqual([{ field: 'id', code: 'isUuid', message: 'id must be a UUID' }]);
    const missing = await request(app.http).get('/api/v1/system/pings/6f1c2a52-9a43-4f0e-8b1b-9d1f0f3c2a11').set(admin.auth).expect(404);
    expectShape(missing.body, 404, 'system_ping_not_found');
  });

  it('the request id is echoed in a header and in the error, and a caller-supplied one is kept', async () => {
    const res = await request(app.http).get('/api/v1/system/pings/not-a-uuid').set(admin.auth).set('x-request-id', 'trace-123').expect(400);
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(res.body.requestId).toBe('trace-123');
  });

  it('security headers are set and the API advertises no framework', async () => {
    const res = await request(app.http).get('/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('serves the OpenAPI document and the Swagger UI', async () => {
    const json = await request(app.http).get('/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/health', '/health/ready', '/api/v1/system/pings', '/api/v1/system/pings/{id}']));
    const ui = await request(app.http).get('/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });
});
