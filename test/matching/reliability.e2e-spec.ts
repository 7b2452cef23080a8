import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { DEFAULT_WEIGHTS, scoringVersion } from '@techbridge/matching';
import { MatchingReconciler, MatchStore } from '@techbridge/matches';
import { JobProducer, OutboxRelay, type QueueName, Queues } from '@techbridge/queue';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loginAdmin, registerOrganization, type Session } from '../support/accounts';
import { demandBody, publishedItem, verifyOrganization } from '../support/catalog';
import { eventually, startTestApp, startWorker, type TestApp, testEnv, testEnvVars } from '../support/harness';
import { copiesOf, matchesReady } from '../support/matching';
import { whileCommitting } from '../support/races';

const root = path.resolve(__dirname, '../..');
const queueOf = (app: TestApp, name: QueueName) => app.api.get<Queue>(getQueueToken(name), { strict: false });
const matchingQueue = (app: TestApp) => queueOf(app, Queues.matching);
/** The worker's reconciliation, built from the API's parts and run by hand: no worker takes a waiting job meanwhile. */
const reconcilerOf = (app: TestApp) =>
  new MatchingReconciler(app.api.get(DataSource), app.api.get(OutboxRelay, { strict: false }), app.api.get(JobProducer, { strict: false }));

/** A few dozen published items on related topics, so every item has matches. */
async function catalogue(app: TestApp, enterprise: Session, university: Session, n: number): Promise<Array<{ id: string; version: number }>> {
  const topics = ['轴承', '齿轮箱', '减速器', '电机', '液压泵', '风机叶片'];
  const items = [];
  for (let i = 0; i < n; i++) {
    const topic = topics[i % topics.length];
    items.push(await publishedItem(app, enterprise, 'demands', { title: `${topic}早期故障预警需求${i}`, keywords: [topic, '故障诊断'] }));
    items.push(await publishedItem(app, university, 'achievements', { title: `${topic}振动监测与故障诊断系统${i}`, keywords: [topic, '振动监测'] }));
  }
  return items;
}

const rowsOf = (app: TestApp, demandId: string) =>
  app.sql(`SELECT * FROM matches WHERE demand_id = $1 ORDER BY id`, [demandId]).then((rows) => JSON.stringify(rows));

describe('matching reliability', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  let extraWorker: INestApplicationContext | undefined;

  beforeEach(async () => {
    app = await startTestApp({ worker: false });
    enterprise = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
  });
  afterEach(async () => {
    await extraWorker?.close();
    extraWorker = undefined;
    await app.close();
  });

  it('the commit that publishes writes the job to the outbox; a refused publish writes nothing', async () => {
    const unverified = await registerOrganization(app, 'enterprise');
    const draft = await request(app.http).post('/api/v1/demands').set(unverified.auth).send(demandBody()).expect(201);
    await request(app.http).post(`/api/v1/demands/${draft.body.id}/actions/publish`).set(unverified.auth).send({}).expect(403);
    expect(await app.sql(`SELECT job_id FROM outbox`)).toEqual([]);

    const demand = await publishedItem(app, enterprise, 'demands');
    expect(await app.sql(`SELECT job_name, job_id, payload FROM outbox`)).toEqual([
      { job_name: 'matching.item', job_id: `matching.item.demand.${demand.id}.${demand.version}`, payload: { kind: 'demand', id: demand.id, version: demand.version } },
    ]);
    const res = await request(app.http).get(`/api/v1/demands/${demand.id}`).set(enterprise.auth).expect(200);
    expect(res.body.matching.state).toBe('pending');
  });

  it('an item updated while its job is queued ends with matches of its latest version', async () => {
    await publishedItem(app, university, 'achievements');
    const demand = await publishedItem(app, enterprise, 'demands');
    const updated = await request(app.http)
      .patch(`/api/v1/demands/${demand.id}`)
      .set(enterprise.auth)
      .send({ version: demand.version, title: '主轴轴承声发射早期损伤预警' })
      .expect(200);
    // Both versions' jobs are waiting when the worker starts.
    expect((await app.sql(`SELECT job_id FROM outbox WHERE payload->>'id' = $1`, [demand.id])).length).toBe(2);
    extraWorker = await startWorker(app.env);
    await matchesReady(app, enterprise, 'demands', demand.id, updated.body.version);
    const versions = await app.sql<{ demand_version: number }>(`SELECT DISTINCT demand_version FROM matches WHERE demand_id = $1`, [demand.id]);
    expect(versions).toEqual([{ demand_version: updated.body.version }]);
  });

  it('a result computed on an older version never replaces a newer one; a re-published item is not withdrawn', async () => {
    await catalogue(app, enterprise, university, 2);
    const demand = await publishedItem(app, enterprise, 'demands');
    const updated = await request(app.http).patch(`/api/v1/demands/${demand.id}`).set(enterprise.auth).send({ version: demand.version, title: '主轴轴承声发射早期损伤预警' }).expect(200);
    extraWorker = await startWorker(app.env);
    await matchesReady(app, enterprise, 'demands', demand.id, updated.body.version);
    const before = await rowsOf(app, demand.id);
    const [weights] = await app.sql<{ matched_weights: string }>(`SELECT matched_weights FROM tech_demands WHERE id = $1`, [demand.id]);
    // As a slow worker that took its snapshot before the update would: an empty list on the old version.
    const store = extraWorker.get(MatchStore, { strict: false });
    await store.store('demand', demand.id, demand.version, weights!.matched_weights, []);
    expect(await rowsOf(app, demand.id)).toBe(before);
    // A worker that saw the item unpublished must not withdraw it once it is matchable again.
    await store.withdraw('demand', demand.id, demand.version, weights!.matched_weights);
    expect(await rowsOf(app, demand.id)).toBe(before);
    const [item] = await app.sql<{ matched_version: number }>(`SELECT matched_version FROM tech_demands WHERE id = $1`, [demand.id]);
    expect(item!.matched_version).toBe(updated.body.version);
  });

  it('a job delivered twice leaves identical rows', async () => {
    await catalogue(app, enterprise, university, 3);
    const demand = await publishedItem(app, enterprise, 'demands');
    extraWorker = await startWorker(app.env);
    await matchesReady(app, enterprise, 'demands', demand.id, demand.version);
    const before = await rowsOf(app, demand.id);
    expect(JSON.parse(before).length).toBeGreaterThan(0);
    const again = await matchingQueue(app).add('matching.item', { kind: 'demand', id: demand.id, version: demand.version }, { jobId: `redelivered-${demand.id}` });
    await eventually(async () => ((await again.getState()) === 'completed' ? true : undefined));
    expect(await rowsOf(app, demand.id)).toBe(before);
  });

  it('matches stored under an earlier scoring version (a release that only edited the thesaurus) show as outdated to an administrator and are recomputed when the item\'s job runs', async () => {
    await catalogue(app, enterprise, university, 2);
    const demand = await publishedItem(app, enterprise, 'demands');
    extraWorker = await startWorker(app.env);
    await matchesReady(app, enterprise, 'demands', demand.id, demand.version);
    const current = scoringVersion();
    const earlier = `${DEFAULT_WEIGHTS.version}+00000000`;
    await app.sql(`UPDATE tech_demands SET matched_weights = $2 WHERE id = $1`, [demand.id, earlier]);
    await app.sql(`UPDATE matches SET weights_version = $2 WHERE demand_id = $1 AND demand_score IS NOT NULL`, [demand.id, earlier]);
    // An administrator sees it among the items a rebuild would refresh.
    const admin = await loginAdmin(app);
    await request(app.http).get('/api/v1/admin/matching').set(enterprise.auth).expect(403);
    const before = (await request(app.http).get('/api/v1/admin/matching').set(admin.auth).expect(200)).body;
    expect(before.scoringVersion).toBe(current);
    expect(before.demands.outdated).toBeGreaterThanOrEqual(1);
    expect(before.demands.matchable).toBe(before.demands.current + before.demands.outdated + before.demands.pending);
    const job = await matchingQueue(app).add('matching.item', { kind: 'demand', id: demand.id, version: demand.version }, { jobId: `rescore-${demand.id}` });
    await eventually(async () => ((await job.getState()) === 'completed' ? true : undefined));
    const [item] = await app.sql<{ matched_weights: string }>(`SELECT matched_weights FROM tech_demands WHERE id = $1`, [demand.id]);
    expect(item!.matched_weights).toBe(current);
    const after = (await request(app.http).get('/api/v1/admin/matching').set(admin.auth).expect(200)).body;
    expect(after.demands.outdated).toBe(before.demands.outdated - 1);
    // Other items' jobs may finish meanwhile (pending → current); nothing else turns outdated.
    expect(after.demands.current + after.demands.pending).toBe(before.demands.current + before.demands.pending + 1);
    const versions = await app.sql<{ weights_version: string }>(`SELECT DISTINCT weights_version FROM matches WHERE demand_id = $1 AND demand_score IS NOT NULL`, [demand.id]);
    expect(versions).toEqual([{ weights_version: current }]);
  });

  it('an item whose job was lost is found and matched by the reconciliation', async () => {
    await publishedItem(app, university, 'achievements');
    const demand = await publishedItem(app, enterprise, 'demands');
    // As if the relay had lost the job after deleting its row, a while ago.
    await app.sql(`DELETE FROM outbox`);
    await app.sql(`UPDATE tech_demands SET updated_at = now() - interval '10 minutes' WHERE id = $1`, [demand.id]);
    extraWorker = await startWorker(app.env);
    await matchingQueue(app).add('matching.reconcile', {}, { jobId: `reconcile-${demand.id}` });
    await matchesReady(app, enterprise, 'demands', demand.id, demand.version);
  });

  it('the reconciliation re-enqueues a lost job once, not again on every pass while that copy waits its turn', async () => {
    const demand = await publishedItem(app, enterprise, 'demands');
    const waiting = await publishedItem(app, enterprise, 'demands');
    await app.sql(`DELETE FROM outbox`);
    await app.sql(`UPDATE tech_demands SET updated_at = now() - interval '10 minutes' WHERE id = ANY($1)`, [[demand.id, waiting.id]]);
    // `demand` lost its job; `waiting` is only behind a long queue (no worker runs here).
    const queue = matchingQueue(app);
    await queue.obliterate({ force: true });
    await queue.add('matching.item', { kind: 'demand', id: waiting.id, version: waiting.version }, { jobId: `matching.item.demand.${waiting.id}.${waiting.version}` });
    const reconciler = reconcilerOf(app);
    expect(await reconciler.run()).toMatchObject({ requeued: 1 });
    expect(await reconciler.run()).toMatchObject({ requeued: 0 });
    const jobsOf = async (id: string) => (await queue.getJobs(['waiting', 'prioritized', 'delayed', 'active'])).filter((job) => job.data.id === id).length;
    expect([await jobsOf(demand.id), await jobsOf(waiting.id)]).toEqual([1, 1]);
    // Once that copy has run (a worker comes), the item is current and nothing more is queued.
    extraWorker = await startWorker(app.env);
    await matchesReady(app, enterprise, 'demands', demand.id, demand.version);
    expect(await reconciler.run()).toMatchObject({ requeued: 0 });
  });

  it('rebuild chunks whose jobs were lost are re-enqueued once by the reconciliation, and the rebuild completes', async () => {
    await catalogue(app, enterprise, university, 2);
    const admin = await loginAdmin(app);
    const started = await request(app.http).post('/api/v1/admin/matching/rebuilds').set(admin.auth).send({ chunkSize: 1, kinds: ['demand'] }).expect(202);
    await eventually(async () => ((await app.sql(`SELECT 1 FROM outbox`)).length === 0 ? true : undefined));
    // The queue store lost the chunks' jobs (no worker has run), a while after the rebuild began.
    const queue = queueOf(app, Queues.matchingRebuild);
    await queue.obliterate({ force: true });
    await app.sql(`UPDATE matching_rebuilds SET created_at = now() - interval '10 minutes' WHERE id = $1`, [started.body.id]);
    const reconciler = reconcilerOf(app);
    expect(await reconciler.run()).toMatchObject({ chunks: 2 });
    expect(await reconciler.run()).toMatchObject({ chunks: 0 });
    expect(await queue.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBe(2);
    extraWorker = await startWorker(app.env);
    const done = await eventually(async () => {
      const res = await request(app.http).get(`/api/v1/admin/matching/rebuilds/${started.body.id}`).set(admin.auth).expect(200);
      return res.body.status === 'completed' ? res.body : undefined;
    }, 30_000);
    expect(done).toMatchObject({ doneItems: 2, doneChunks: 2 });
  });

  it('an outbox row with a job this worker does not know blocks neither the relay nor the reconciliation', async () => {
    await publishedItem(app, university, 'achievements');
    const lost = await publishedItem(app, enterprise, 'demands');
    await app.sql(`DELETE FROM outbox WHERE payload->>'id' = $1`, [lost.id]);
    await app.sql(`UPDATE tech_demands SET updated_at = now() - interval '10 minutes' WHERE id = $1`, [lost.id]);
    // As a newer API would write during a rolling upgrade, ahead of the rows behind it.
    await app.sql(`INSERT INTO outbox (id, job_name, job_id, payload) VALUES (0, 'catalog.future_job', 'catalog.future_job.1', '{}')`);
    const fresh = await publishedItem(app, enterprise, 'demands');
    extraWorker = await startWorker(app.env);
    await matchesReady(app, enterprise, 'demands', fresh.id, fresh.version);
    const reconcile = await matchingQueue(app).add('matching.reconcile', {}, { jobId: `reconcile-unknown-${lost.id}` });
    await eventually(async () => ((await reconcile.getState()) === 'completed' ? true : undefined));
    await matchesReady(app, enterprise, 'demands', lost.id, lost.version);
    expect(await app.sql(`SELECT job_name FROM outbox`)).toEqual([{ job_name: 'catalog.future_job' }]);
  });

  it('an admin rebuild recomputes every item in chunks, with progress over the API; others may not start one', async () => {
    const items = await catalogue(app, enterprise, university, 4);
    extraWorker = await startWorker(app.env);
    const admin = await loginAdmin(app);
    await request(app.http).post('/api/v1/admin/matching/rebuilds').set(enterprise.auth).send({}).expect(403);
    const bad = await request(app.http).post('/api/v1/admin/matching/rebuilds').set(admin.auth).send({ chunkSize: 0 }).expect(400);
    expect(bad.body.fields[0].field).toBe('chunkSize');
    const started = await request(app.http).post('/api/v1/admin/matching/rebuilds').set(admin.auth).send({ chunkSize: 2 }).expect(202);
    // 4 demands and 4 achievements, two per chunk, each kind chunked on its own.
    expect(started.body).toMatchObject({ totalItems: 8, totalChunks: 4 });
    const done = await eventually(async () => {
      const res = await request(app.http).get(`/api/v1/admin/matching/rebuilds/${started.body.id}`).set(admin.auth).expect(200);
      return res.body.status === 'completed' ? res.body : undefined;
    }, 30_000);
    expect(done).toMatchObject({ doneItems: items.length, doneChunks: 4 });
    const behind = await app.sql(`SELECT id FROM tech_demands WHERE matched_version IS DISTINCT FROM version UNION ALL SELECT id FROM achievements WHERE matched_version IS DISTINCT FROM version`);
    expect(behind).toEqual([]);
    await request(app.http).post(`/api/v1/admin/matching/rebuilds/${started.body.id}/cancel`).set(admin.auth).send({}).expect(409);
    // A finished rebuild holds the next one back no more than a cancelled one does.
    await request(app.http).post('/api/v1/admin/matching/rebuilds').set(admin.auth).send({ kinds: ['demand'], chunkSize: 10 }).expect(202);
  });

  it('a rebuild can be limited to one kind, and a cancelled one skips the chunks it has not started', async () => {
    await catalogue(app, enterprise, university, 3);
    const admin = await loginAdmin(app);
    const started = await request(app.http).post('/api/v1/admin/matching/rebuilds').set(admin.auth).send({ chunkSize: 1, kinds: ['demand'] }).expect(202);
    expect(started.body).toMatchObject({ totalItems: 3, totalChunks: 3 });
    const cancelled = await request(app.http).post(`/api/v1/admin/matching/rebuilds/${started.body.id}/cancel`).set(admin.auth).send({}).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    // No worker ran yet: once one does, the queued chunks are skipped, not computed.
    extraWorker = await startWorker(app.env);
    await eventually(async () => ((await app.sql(`SELECT 1 FROM outbox`)).length === 0 ? true : undefined));
    const queue = queueOf(app, Queues.matchingRebuild);
    await eventually(async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
      return Object.values(counts).every((n) => n === 0) && (await queue.getJobCounts('completed')).completed === 3 ? true : undefined;
    });
    const progress = await request(app.http).get(`/api/v1/admin/matching/rebuilds/${started.body.id}`).set(admin.auth).expect(200);
    expect(progress.body).toMatchObject({ status: 'cancelled', doneChunks: 0 });
  });

  it('one rebuild runs at a time: a second start, even at the same moment, is a 409 naming the running one', async () => {
    await catalogue(app, enterprise, university, 2);
    const admin = await loginAdmin(app);
    const start = () => request(app.http).post('/api/v1/admin/matching/rebuilds').set(admin.auth).send({ chunkSize: 1 });
    const running = () => app.sql<{ id: string }>(`SELECT id FROM matching_rebuilds WHERE status = 'running'`);
    // A double-click: both starts have looked for a running rebuild before either has written its own
    // (the table is held while they look), so only a lock taken before looking lets one through.
    const both = await whileCommitting(app, (db) => db.query('LOCK TABLE matching_rebuilds IN EXCLUSIVE MODE'), () => Promise.all([start(), start()]), { waiting: 2 });
    expect(both.map((r) => r.status).sort()).toEqual([202, 409]);
    const first = both.find((r) => r.status === 202)!.body as { id: string };
    const refused = both.find((r) => r.status === 409)!.body;
    expect(refused).toMatchObject({ code: 'rebuild_running', details: { rebuildId: first.id } });
    expect(refused.message).toContain(first.id);
    expect(await running()).toEqual([{ id: first.id }]);
    // No worker runs here: it is still running, so a later start is refused too, and the overview follows it.
    expect((await start().expect(409)).body).toMatchObject({ code: 'rebuild_running', details: { rebuildId: first.id } });
    expect((await request(app.http).get('/api/v1/admin/matching').set(admin.auth).expect(200)).body.latestRebuild).toMatchObject({ id: first.id, status: 'running' });

    // Once it is cancelled, the next one starts.
    await request(app.http).post(`/api/v1/admin/matching/rebuilds/${first.id}/cancel`).set(admin.auth).send({}).expect(200);
    const next = await start().expect(202);
    expect(await running()).toEqual([{ id: next.body.id }]);
  });

  it('an item published during a rebuild is matched before the rebuild’s queued chunks', async () => {
    await catalogue(app, enterprise, university, 2);
    const [first] = await app.sql<{ id: string }>(`SELECT id FROM tech_demands LIMIT 1`);
    await copiesOf(app, first!.id, 40);
    await app.sql(`DELETE FROM outbox`);
    const admin = await loginAdmin(app);
    const started = await request(app.http).post('/api/v1/admin/matching/rebuilds').set(admin.auth).send({ chunkSize: 1, kinds: ['demand'] }).expect(202);
    const demand = await publishedItem(app, enterprise, 'demands');
    // One job at a time on each queue: the chunks were queued first, yet the item does not wait for them.
    extraWorker = await startWorker(await testEnv({ env: { WORKER_CONCURRENCY: '1' } }));
    await matchesReady(app, enterprise, 'demands', demand.id, demand.version);
    const progress = await request(app.http).get(`/api/v1/admin/matching/rebuilds/${started.body.id}`).set(admin.auth).expect(200);
    expect(progress.body.doneItems).toBeLessThan(started.body.totalItems / 2);
  });

  it('a worker killed (SIGKILL) during a rebuild leaves nothing missing once another worker runs', async () => {
    const items = await catalogue(app, enterprise, university, 15);
    const admin = await loginAdmin(app);
    const vars = await testEnvVars();
    const spawnWorker = (): ChildProcess =>
      spawn(process.execPath, [path.join(root, 'dist/apps/worker/src/main.js')], { cwd: root, env: { ...process.env, ...vars, WORKER_CONCURRENCY: '1' }, stdio: 'ignore' });
    const first = spawnWorker();
    const exited = new Promise((resolve) => first.once('exit', resolve));
    try {
      const started = await request(app.http).post('/api/v1/admin/matching/rebuilds').set(admin.auth).send({ chunkSize: 1 }).expect(202);
      const progress = () => request(app.http).get(`/api/v1/admin/matching/rebuilds/${started.body.id}`).set(admin.auth).expect(200).then((r) => r.body);
      await eventually(async () => ((await progress()).doneChunks >= 2 ? true : undefined), 60_000);
      first.kill('SIGKILL');
      await exited;
      const atKill = await progress();
      expect(atKill.status).toBe('running');
      expect(atKill.doneChunks).toBeLessThan(items.length);

      extraWorker = await startWorker(app.env);
      const done = await eventually(async () => {
        const p = await progress();
        return p.status === 'completed' ? p : undefined;
      }, 60_000);
      expect(done).toMatchObject({ doneItems: items.length, doneChunks: items.length });
      const behind = await app.sql(`SELECT id FROM tech_demands WHERE matched_version IS DISTINCT FROM version UNION ALL SELECT id FROM achievements WHERE matched_version IS DISTINCT FROM version`);
      expect(behind).toEqual([]);
      const withoutMatches = await app.sql(`SELECT d.id FROM tech_demands d WHERE NOT EXISTS (SELECT 1 FROM matches m WHERE m.demand_id = d.id AND m.demand_score IS NOT NULL)`);
      expect(withoutMatches).toEqual([]);
    } finally {
      first.kill('SIGKILL');
    }
  }, 120_000);
});

