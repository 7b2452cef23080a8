import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { MAX_REQUEUE_ROUNDS, type QueueName, Queues } from '@techbridge/queue';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { registerOrganization, type Session, userWithRole } from '../support/accounts';
import { verifyOrganization } from '../support/catalog';
import { acceptedRequest, bookingEvent } from '../support/events';
import { eventually, startTestApp, startWorker, type TestApp } from '../support/harness';

const CSV = ['外部编号,成果名称,成果简介,技术领域,产业链,关键词,技术成熟度(TRL),成熟度阶段,知识产权,合作方式,价格(万元),团队负责人,所在地区,公开范围',
  'SW-1,钛合金电子束冷床熔炼技术,经过中试验证的成套技术，可直接用于生产线改造。,新材料,钛及钛合金,钛合金,6,中试,技术秘密,技术许可,50-80,李明 研究员,210302,公开'].join('\n');

/**
 * Work tracked by a status row (imports, scheduling runs) whose job is lost or given up on. The app
 * runs without a worker so that the test decides what the queue holds before one starts.
 */
describe('stuck work: imports and scheduling runs whose job was lost', () => {
  let app: TestApp;
  let worker: INestApplicationContext | undefined;
  let university: Session;
  const queue = (name: QueueName) => app.api.get<Queue>(getQueueToken(name), { strict: false });
  const reconcile = () => queue(Queues.system).add('queue.reconcile', {}, { jobId: `reconcile-${Date.now()}` });
  const importOf = async (id: string) => (await request(app.http).get(`/api/v1/imports/${id}`).set(university.auth).expect(200)).body;
  const upload = async () => (await request(app.http).post('/api/v1/achievements/import').set(university.auth).attach('file', Buffer.from(CSV, 'utf8'), 'a.csv').expect(201)).body.id as string;
  /** Past the grace the reconciliation gives fresh work. */
  const age = (table: string) => app.sql(`UPDATE ${table} SET created_at = now() - interval '10 minutes'`);
  /** As if the queue store had lost every job (and the relay had handed over the outbox's), a while ago unless `aged` is false. */
  const loseJobs = async (table: string, { aged = true } = {}) => {
    await app.sql(`DELETE FROM outbox`);
    for (const name of Object.values(Queues)) await queue(name).obliterate({ force: true });
    if (aged) await age(table);
  };

  beforeEach(async () => {
    app = await startTestApp({ worker: false });
    university = await registerOrganization(app, 'university');
    await verifyOrganization(app, university.organizationId!);
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await app.close();
  });

  it('an import whose job was lost is enqueued again and completes', async () => {
    const id = await upload();
    await loseJobs('catalog_imports');
    worker = await startWorker(app.env);
    await reconcile();
    const done = await eventually(async () => ((await importOf(id)).status === 'completed' ? importOf(id) : undefined), 30_000);
    expect(done).toMatchObject({ createdCount: 1, failureReason: null });
    expect(await app.sql(`SELECT requeue_rounds FROM catalog_imports WHERE id = $1`, [id])).toEqual([{ requeue_rounds: 1 }]);
  });

  it('an import whose job failed without recording it (as a job failed by stalling does) is enqueued again', async () => {
    const id = await upload();
    // Fresh for now: the reconciliation a starting worker runs at once leaves it alone until this test runs its own.
    await loseJobs('catalog_imports', { aged: false });
    // The import's own job id, failed for good without its process() ever touching the row.
    const failed = await queue(Queues.catalog).add('catalog.import', { importId: '00000000-0000-4000-8000-000000000000' }, { jobId: `catalog.import.${id}`, attempts: 1 });
    worker = await startWorker(app.env);
    await eventually(async () => ((await failed.getState()) === 'failed' ? true : undefined));
    expect((await importOf(id)).status).toBe('queued');
    await age('catalog_imports');
    await reconcile();
    await eventually(async () => ((await importOf(id)).status === 'completed' ? true : undefined), 30_000);
  });

  it(`gives up on an import after ${MAX_REQUEUE_ROUNDS} more jobs were lost, with a reason readable over the API`, async () => {
    const id = await upload();
    await loseJobs('catalog_imports');
    await app.sql(`UPDATE catalog_imports SET requeue_rounds = $1, requeued_at = now() - interval '10 minutes'`, [MAX_REQUEUE_ROUNDS]);
    worker = await startWorker(app.env);
    await reconcile();
    const failed = await eventually(async () => ((await importOf(id)).status === 'failed' ? importOf(id) : undefined));
    expect(failed.failureReason).toMatch(/^gave up after 4 jobs did not finish it \(its job was lost from the queue\)/);
    expect(await app.sql(`SELECT 1 FROM achievements`)).toEqual([]);
  });

  it('an import whose job BullMQ gives up on is marked failed at once', async () => {
    const id = await upload();
    await loseJobs('catalog_imports');
    await app.sql(`ALTER TABLE achievements ADD CONSTRAINT test_refuse_rows CHECK (false) NOT VALID`);
    try {
      await queue(Queues.catalog).add('catalog.import', { importId: id }, { jobId: `catalog.import.${id}`, attempts: 1 });
      worker = await startWorker(app.env);
      const failed = await eventually(async () => ((await importOf(id)).status === 'failed' ? importOf(id) : undefined));
      expect(failed.failureReason).toBe('the import could not be completed; nothing was written');
    } finally {
      await app.sql(`ALTER TABLE achievements DROP CONSTRAINT test_refuse_rows`);
    }
  });

  it('an import that wrote its rows but failed before recording it is redelivered without counting or auditing twice', async () => {
    // Whatever stops the completed status from being written (a crash, a lost connection) right after the rows.
    await app.sql(`CREATE FUNCTION test_refuse_completed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
    await app.sql(`CREATE TRIGGER test_refuse_completed BEFORE UPDATE ON catalog_imports FOR EACH ROW WHEN (NEW.status = 'completed') EXECUTE FUNCTION test_refuse_completed()`);
    try {
      const id = await upload();
      worker = await startWorker(app.env);
      const job = await eventually(async () => queue(Queues.catalog).getJob(`catalog.import.${id}`));
      await eventually(async () => ((await queue(Queues.catalog).getJob(job.id!))!.attemptsMade >= 1 ? true : undefined));
    } finally {
      await app.sql(`DROP TRIGGER test_refuse_completed ON catalog_imports`);
      await app.sql(`DROP FUNCTION test_refuse_completed()`);
    }
    const [{ id }] = await app.sql<{ id: string }>(`SELECT id FROM catalog_imports`);
    const done = await eventually(async () => ((await importOf(id)).status === 'completed' ? importOf(id) : undefined), 30_000);
    expect(done).toMatchObject({ createdCount: 1, updatedCount: 0 });
    expect(await app.sql(`SELECT action FROM audit_entries WHERE action = 'achievement.import'`)).toHaveLength(1);
  });

  describe('scheduling runs', () => {
    let organizer: Session;
    let eventId: string;
    const latestRun = async () => (await request(app.http).get(`/api/v1/events/${eventId}/schedule`).set(organizer.auth).expect(200)).body;

    beforeEach(async () => {
      organizer = await userWithRole(app, 'organizer', 'government');
      const enterprise = await registerOrganization(app, 'enterprise');
      const event = await bookingEvent(app, organizer, [[enterprise, 'demand'], [university, 'supply']]);
      eventId = event.id;
      await acceptedRequest(app, eventId, enterprise, university, event.participants[1]!);
      await request(app.http).post(`/api/v1/events/${eventId}/schedule`).set(organizer.auth).send({}).expect(202);
      await loseJobs('event_schedule_runs');
    });

    it('a run whose job was lost is enqueued again and completes', async () => {
      worker = await startWorker(app.env);
      await reconcile();
      const run = await eventually(async () => ((await latestRun()).status === 'completed' ? latestRun() : undefined), 60_000);
      expect(run.report.scheduled).toBe(1);
    });

    it('a run given up on after its rounds is failed with a reason, not left queued', async () => {
      await app.sql(`UPDATE event_schedule_runs SET requeue_rounds = $1`, [MAX_REQUEUE_ROUNDS]);
      worker = await startWorker(app.env);
      await reconcile();
      const run = await eventually(async () => ((await latestRun()).status === 'failed' ? latestRun() : undefined));
      expect(run.failureReason).toMatch(/^gave up after 4 jobs/);
    });
  });
});
