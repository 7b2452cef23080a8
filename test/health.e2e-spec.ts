import request from 'supertest';
import { loginAdmin, registerOrganization } from './support/accounts';
import { eventually, startTestApp, startWorker, type TestApp, testEnv } from './support/harness';

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
      expect(res.body).toEqual({ status: 'ok', details: { database: { status: 'up' }, queue: { status: 'up' } } });
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
      expect(res.body.details).toEqual({ database: { status: 'up' }, queue: { status: 'down' } });
      // Public: no raw error naming a host or a port.
      expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|:1\b/);
      await request(app.http).get('/health').expect(200);
    });

    it('a ping and an import are accepted while the queue is down, and run once a worker reaches it; a refused request writes nothing', async () => {
      const admin = await loginAdmin(app);
      const university = await registerOrganization(app, 'university');
      const ping = await request(app.http).post('/api/v1/system/pings').set(admin.auth).send({ note: 'accepted' }).expect(202);
      const csv = Buffer.from('外部编号,成果名称\n', 'utf8');
      const upload = () => request(app.http).post('/api/v1/achievements/import').set(university.auth).attach('file', csv, 'a.csv');
      // Unverified organisations may not publish: refused, and nothing of it reaches the outbox.
      await upload().query({ publish: 'true' }).expect(403);
      const accepted = await upload().expect(201);
      expect(await app.sql(`SELECT job_name FROM outbox ORDER BY id`)).toEqual([{ job_name: 'system.ping' }, { job_name: 'catalog.import' }]);

      // A worker on a reachable queue relays the outbox and runs both.
      const worker = await startWorker(await testEnv());
      try {
        await eventually(async () => ((await app.sql(`SELECT 1 FROM system_pings WHERE id = $1 AND status = 'processed'`, [ping.body.id])).length ? true : undefined));
        const done = await eventually(async () => {
          const res = await request(app.http).get(`/api/v1/imports/${accepted.body.id}`).set(university.auth).expect(200);
          return res.body.status === 'queued' || res.body.status === 'processing' ? undefined : res.body;
        });
        expect(done.status).toBe('rejected');
        expect(await app.sql(`SELECT 1 FROM catalog_imports`)).toHaveLength(1);
      } finally {
        await worker.close();
      }
    });
  });
});
