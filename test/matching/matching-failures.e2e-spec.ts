import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { MatchingReconciler } from '@techbridge/matches';
import { JobProducer, MAX_REQUEUE_ROUNDS, OutboxRelay, Queues } from '@techbridge/queue';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loginAdmin, registerOrganization, type Session } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { eventually, startTestApp, startWorker, type TestApp } from '../support/harness';
import { matchesReady } from '../support/matching';

const GAVE_UP = new RegExp(`^matching gave up on this version after ${MAX_REQUEUE_ROUNDS + 1} jobs failed or were lost`);

/**
 * An item whose matching job fails every time (here: its matches cannot be stored) is retried a
 * bounded number of times per version, then shown as failed, instead of re-enqueued every minute
 * for ever. The app runs without a worker so that each test decides when jobs run.
 */
describe('matching: items whose job keeps failing', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  let worker: INestApplicationContext | undefined;
  const matchingQueue = () => app.api.get<Queue>(getQueueToken(Queues.matching), { strict: false });
  const rebuildQueue = () => app.api.get<Queue>(getQueueToken(Queues.matchingRebuild), { strict: false });
  /** The worker's reconciliation, built from the API's parts and run by hand. */
  const reconciler = () => new MatchingReconciler(app.api.get(DataSource), app.api.get(OutboxRelay, { strict: false }), app.api.get(JobProducer, { strict: false }));
  const matchingOf = async (id: string) => (await request(app.http).get(`/api/v1/demands/${id}`).set(enterprise.auth).expect(200)).body.matching;
  const jobsOf = async (id: string, states: Parameters<Queue['getJobs']>[0]) =>
    (await matchingQueue().getJobs(states)).filter((job) => job.name === 'matching.item' && job.data.id === id);
  /** Past the grace the reconciliation gives a fresh change. */
  const age = (id: string) => app.sql(`UPDATE tech_demands SET updated_at = now() - interval '10 minutes' WHERE id = $1`, [id]);

  /** Storing this version's matches fails, as a bug or bad data would make every attempt fail. */
  const refuseMatchesOf = async (item: { id: string; version: number }) => {
    await app.sql(`CREATE FUNCTION test_refuse_matches() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'matches refused by the test'; END $$`);
    await app.sql(
      `CREATE TRIGGER test_refuse_matches BEFORE UPDATE OF matched_version ON tech_demands FOR EACH ROW
       WHEN (NEW.id = '${item.id}' AND NEW.matched_version = ${item.version}) EXECUTE FUNCTION test_refuse_matches()`,
    );
  };
  const acceptMatches = async () => {
    await app.sql(`DROP TRIGGER IF EXISTS test_refuse_matches ON tech_demands`);
    await app.sql(`DROP FUNCTION IF EXISTS test_refuse_matches()`);
  };

  beforeEach(async () => {
    app = await startTestApp({ worker: false });
    enterprise = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    await publishedItem(app, university, 'achievements');
  });
  afterEach(async () => {
    await acceptMatches();
    await worker?.close();
    worker = undefined;
    await app.close();
  });

  it(`gives up on a version after ${MAX_REQUEUE_ROUNDS} retries of a failing job, enqueues it no more, and an edit computes normally`, async () => {
    const demand = await publishedItem(app, enterprise, 'demands');
    await refuseMatchesOf(demand);
    worker = await startWorker(app.env);
    const run = reconciler();
    // The outbox's job, then one more per pass while retries are left: each fails all its attempts.
    for (let jobs = 1; jobs <= MAX_REQUEUE_ROUNDS + 1; jobs++) {
      await eventually(async () => {
        // Each attempt's backoff (1 s, doubling) cut short: the attempts themselves still run and fail.
        for (const job of await jobsOf(demand.id, ['delayed'])) await job.promote().catch(() => undefined);
        const [failed, live] = [await jobsOf(demand.id, ['failed']), await jobsOf(demand.id, ['waiting', 'active', 'delayed', 'prioritized'])];
        return failed.length === jobs && live.length === 0 ? true : undefined;
      }, 40_000);
      expect((await matchingOf(demand.id)).state).toBe('pending');
      await age(demand.id);
      await run.run();
    }

    const matching = await matchingOf(demand.id);
    expect(matching).toMatchObject({ state: 'failed', version: null });
    expect(matching.failureReason).toMatch(GAVE_UP);
    // The jobs' own error stays out of what the owner reads.
    expect(matching.failureReason).not.toContain('refused by the test');
    // Later passes (the worker's schedule among them) enqueue nothing more for it.
    expect(await run.run()).toMatchObject({ requeued: 0, failed: 0 });
    expect(await jobsOf(demand.id, ['waiting', 'active', 'delayed', 'prioritized'])).toEqual([]);
    expect(await jobsOf(demand.id, ['failed'])).toHaveLength(MAX_REQUEUE_ROUNDS + 1);
    const admin = await loginAdmin(app);
    const overview = (await request(app.http).get('/api/v1/admin/matching').set(admin.auth).expect(200)).body;
    expect(overview.demands).toMatchObject({ matchable: 1, failed: 1, pending: 0 });

    // A new version starts afresh: the edit's job stores its matches.
    const edited = await request(app.http).patch(`/api/v1/demands/${demand.id}`).set(enterprise.auth).send({ version: demand.version, title: '主轴轴承声发射早期损伤预警' }).expect(200);
    await matchesReady(app, enterprise, 'demands', demand.id, edited.body.version);
    expect(await matchingOf(demand.id)).toMatchObject({ state: 'ready', failureReason: null });
  }, 180_000);

  it(`gives up on a rebuild chunk after ${MAX_REQUEUE_ROUNDS} retries of a failing job; the rebuild completes with failures instead of running for ever`, async () => {
    const demands = [await publishedItem(app, enterprise, 'demands'), await publishedItem(app, enterprise, 'demands')];
    const failing = demands[0]!;
    await refuseMatchesOf(failing);
    const admin = await loginAdmin(app);
    const started = await request(app.http).post('/api/v1/admin/matching/rebuilds').set(admin.auth).send({ chunkSize: 1, kinds: ['demand'] }).expect(202);
    const rebuildId = started.body.id as string;
    const progress = async () => (await request(app.http).get(`/api/v1/admin/matching/rebuilds/${rebuildId}`).set(admin.auth).expect(200)).body;
    const [{ chunk_no: chunkNo }] = await app.sql<{ chunk_no: number }>(`SELECT chunk_no FROM matching_rebuild_chunks WHERE rebuild_id = $1 AND $2 = ANY(item_ids)`, [rebuildId, failing.id]);
    const chunkJobs = async (states: Parameters<Queue['getJobs']>[0]) => (await rebuildQueue().getJobs(states)).filter((job) => job.data.rebuildId === rebuildId && job.data.chunkNo === chunkNo);
    // Past the grace the reconciliation gives a rebuild.
    await app.sql(`UPDATE matching_rebuilds SET created_at = now() - interval '10 minutes' WHERE id = $1`, [rebuildId]);
    worker = await startWorker(app.env);
    const run = reconciler();
    for (let jobs = 1; jobs <= MAX_REQUEUE_ROUNDS + 1; jobs++) {
      await eventually(async () => {
        for (const job of await chunkJobs(['delayed'])) await job.promote().catch(() => undefined);
        const [failed, live] = [await chunkJobs(['failed']), await chunkJobs(['waiting', 'active', 'delayed', 'prioritized'])];
        return failed.length === jobs && live.length === 0 ? true : undefined;
      }, 40_000);
      expect((await progress()).status).toBe('running');
      expect(await run.run()).toMatchObject(jobs <= MAX_REQUEUE_ROUNDS ? { chunks: 1, failedChunks: 0 } : { chunks: 0, failedChunks: 1 });
    }

    expect(await progress()).toMatchObject({ status: 'completed_with_failures', totalChunks: 2, doneChunks: 1, doneItems: 1, failedChunks: 1, failedItems: 1, finishedAt: expect.any(String) });
    // Later passes enqueue nothing more for it, and another rebuild may start.
    expect(await run.run()).toMatchObject({ chunks: 0, failedChunks: 0 });
    expect(await chunkJobs(['waiting', 'active', 'delayed', 'prioritized'])).toEqual([]);
    const overview = (await request(app.http).get('/api/v1/admin/matching').set(admin.auth).expect(200)).body;
    expect(overview.latestRebuild).toMatchObject({ id: rebuildId, status: 'completed_with_failures', failedChunks: 1 });
  }, 120_000);

  it('a rebuild started after giving up gives the item its retries again', async () => {
    const demand = await publishedItem(app, enterprise, 'demands');
    // As the reconciliation leaves an item it gave up on, a while ago (its jobs gone from the queue).
    await app.sql(`DELETE FROM outbox`);
    await app.sql(
      `UPDATE tech_demands SET updated_at = now() - interval '10 minutes', matching_retry_version = version, matching_retries = $2,
         matching_retried_at = now() - interval '5 minutes', matching_failure = 'matching gave up on this version after 4 jobs failed or were lost' WHERE id = $1`,
      [demand.id, MAX_REQUEUE_ROUNDS],
    );
    const run = reconciler();
    expect(await run.run()).toMatchObject({ requeued: 0, failed: 0 });
    expect((await matchingOf(demand.id)).state).toBe('failed');

    const admin = await loginAdmin(app);
    const rebuild = await request(app.http).post('/api/v1/admin/matching/rebuilds').set(admin.auth).send({}).expect(202);
    await request(app.http).post(`/api/v1/admin/matching/rebuilds/${rebuild.body.id}/cancel`).set(admin.auth).send({}).expect(200);
    expect(await run.run()).toMatchObject({ requeued: 1 });
    expect(await matchingOf(demand.id)).toMatchObject({ state: 'pending', failureReason: null });
    expect(await app.sql(`SELECT matching_retries FROM tech_demands WHERE id = $1`, [demand.id])).toEqual([{ matching_retries: 1 }]);
    worker = await startWorker(app.env);
    await matchesReady(app, enterprise, 'demands', demand.id, demand.version);
  });

  it('a pass that cannot reach the queue counts no retry', async () => {
    const demand = await publishedItem(app, enterprise, 'demands');
    await app.sql(`DELETE FROM outbox`);
    await age(demand.id);
    const producer = app.api.get(JobProducer, { strict: false });
    const enqueueBulk = jest.spyOn(producer, 'enqueueBulk').mockRejectedValueOnce(new Error('queue matching is unavailable'));
    try {
      await expect(reconciler().run()).rejects.toThrow('unavailable');
    } finally {
      enqueueBulk.mockRestore();
    }
    expect(await app.sql(`SELECT matching_retries, matching_retried_at FROM tech_demands WHERE id = $1`, [demand.id])).toEqual([{ matching_retries: 0, matching_retried_at: null }]);
    expect(await reconciler().run()).toMatchObject({ requeued: 1 });
    expect(await app.sql(`SELECT matching_retries FROM tech_demands WHERE id = $1`, [demand.id])).toEqual([{ matching_retries: 1 }]);
  });
});
