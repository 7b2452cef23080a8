import request from 'supertest';
import { loginAdmin } from './support/accounts';
import { startTestApp, type TestApp } from './support/harness';

describe('health', () => {
  describe('with the database and the queue backend reachable', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ worker: false });
    });
    afterAll(() => app.close());

    it('GET /health answers while the process is alive', async () => {
      await request(app.http).get('/health').expect(200, { status: 'ok' });
    });

    it('GET /health/ready reports the database and the queue as up', async () => {
      const res = await request(app.http).get('/health/ready').expect(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.details.database.status).toBe('up');
      expect(res.body.details.queue.status).toBe('up');
    });
  });

  describe('with the queue backend unreachable', () => {
    let app: TestApp;
    beforeAll(async () => {
      // Nothing listens on port 1: Redis never answers.
      app = await startTestApp({ worker: false, resetQueues: false, queueBackend: 'redis', env: { QUEUE_BACKEND: 'redis', REDIS_URL: 'redis://127.0.0.1:1' } });
    });
    afterAll(() => app.close());

    it('GET /health/ready is a 503 naming the queue as down, while /health stays 200', async () => {
      const res = await request(app.http).get('/health/ready').expect(503);
      expect(res.body).toMatchObject({ status: 503, code: 'not_ready', requestId: expect.any(String) });
      expect(res.body.details.queue.status).toBe('down');
      expect(res.body.details.database.status).toBe('up');
      await request(app.http).get('/health').expect(200);
    });

    it('a request that needs the queue fails with 503 and leaves nothing behind', async () => {
      const admin = await loginAdmin(app);
      const res = await request(app.http).post('/api/v1/system/pings').set(admin.auth).send({ note: 'lost?' }).expect(503);
      expect(res.body).toMatchObject({ status: 503, code: 'queue_unavailable' });
      expect(await app.sql('SELECT id FROM system_pings')).toEqual([]);
    });
  });
});
