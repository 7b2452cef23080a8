import { Logger } from '@nestjs/common';
import request from 'supertest';
import { loginAdmin, type Session } from './accounts';
import { eventually, startTestApp, type TestApp } from './harness';

/**
 * The job round trip API → queue → worker → database, on one queue backend. Shared by the
 * Redis and PostgreSQL spec files so both backends prove exactly the same behaviour.
 */
export function describeJobRoundTrip(backend: 'redis' | 'postgres', backendHoldsJob: (app: TestApp, jobId: string) => Promise<boolean>): void {
  describe(`job round trip on the ${backend} queue backend`, () => {
    let app: TestApp;
    let admin: Session;
    beforeAll(async () => {
      app = await startTestApp({ queueBackend: backend });
      admin = await loginAdmin(app);
    });
    afterAll(() => app.close());

    it('a ping posted to the API is processed by the worker and recorded in the database', async () => {
      const posted = await request(app.http).post('/api/v1/system/pings').set(admin.auth).send({ note: `via ${backend}` }).expect(202);
      expect(posted.body).toMatchObject({ status: 'queued', note: `via ${backend}`, processedAt: null });

      const done = await eventually(async () => {
        const res = await request(app.http).get(`/api/v1/system/pings/${posted.body.id}`).set(admin.auth).expect(200);
        return res.body.status === 'processed' ? res.body : undefined;
      });
      expect(done.processedBy).toMatch(/:\d+$/);
      expect(new Date(done.processedAt).getTime()).toBeGreaterThanOrEqual(new Date(done.requestedAt).getTime());
      const rows = await app.sql<{ status: string }>('SELECT status FROM system_pings WHERE id = $1', [posted.body.id]);
      expect(rows).toEqual([{ status: 'processed' }]);
    });

    it('the job went through this backend, under a deterministic id', async () => {
      const posted = await request(app.http).post('/api/v1/system/pings').set(admin.auth).send({}).expect(202);
      await eventually(async () => ((await request(app.http).get(`/api/v1/system/pings/${posted.body.id}`).set(admin.auth)).body.status === 'processed' ? true : undefined));
      expect(app.env.queueBackend).toBe(backend === 'redis' && !app.env.redisUrl ? 'postgres' : backend);
      // The ping row is written inside the job; the backend records the job's completion just after it returns.
      expect(await eventually(async () => ((await backendHoldsJob(app, `system.ping.${posted.body.id}`)) ? true : undefined))).toBe(true);
    });

    it('a job delivered twice leaves the row as the first delivery wrote it', async () => {
      const posted = await request(app.http).post('/api/v1/system/pings').set(admin.auth).send({}).expect(202);
      const first = await eventually(async () => {
        const rows = await app.sql<{ processed_at: Date; processed_by: string }>('SELECT processed_at, processed_by FROM system_pings WHERE id = $1 AND status = $2', [posted.body.id, 'processed']);
        return rows[0];
      });
      const { SystemPings } = await import('@techbridge/system');
      await app.worker!.get(SystemPings).process({ pingId: posted.body.id }, 'another-worker:1');
      const after = await app.sql('SELECT processed_at, processed_by FROM system_pings WHERE id = $1', [posted.body.id]);
      expect(after).toEqual([first]);
    });

    it('after the database ends every connection (a restart, a failover), jobs run again and the outage is one warning, not a dump of errors', async () => {
      const printed = jest.spyOn(console, 'error');
      const warned = jest.spyOn(Logger.prototype, 'warn');
      try {
        await app.sql('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
        const posted = await eventually(async () => {
          const res = await request(app.http).post('/api/v1/system/pings').set(admin.auth).send({ note: 'after the restart' });
          return res.status === 202 ? res.body : undefined;
        });
        const done = await eventually(async () => {
          const res = await request(app.http).get(`/api/v1/system/pings/${posted.id}`).set(admin.auth);
          return res.body.status === 'processed' ? res.body : undefined;
        });
        expect(done.note).toBe('after the restart');
        expect(printed).not.toHaveBeenCalled();
        // BullMQ's PostgreSQL backend tells the worker it lost its LISTEN connection; Redis is untouched.
        if (app.env.queueBackend === 'postgres') expect(warned.mock.calls.map(([m]) => String(m))).toContainEqual(expect.stringMatching(/^worker for \S+ lost its queue backend: terminating connection/));
      } finally {
        printed.mockRestore();
        warned.mockRestore();
      }
    });

    it('shutting the worker down lets a running job finish before the queues close', async () => {
      const posted = await request(app.http).post('/api/v1/system/pings').set(admin.auth).send({ holdMs: 1_500 }).expect(202);
      const queue = app.api.get(`BullQueue_system`, { strict: false }) as import('bullmq').Queue;
      await eventually(async () => ((await queue.getJobCounts('active')).active === 1 ? true : undefined));
      await app.worker!.close();
      app.worker = undefined;
      const rows = await app.sql<{ status: string }>('SELECT status FROM system_pings WHERE id = $1', [posted.body.id]);
      expect(rows).toEqual([{ status: 'processed' }]);
    });
  });
}
