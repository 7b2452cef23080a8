// Matching service benchmark, through the real API and worker processes on a catalogue of
// 100,000 achievements and 20,000 demands (the catalogue benchmark's generator and import):
//  - publish → `ready` latency of new demands with one worker process (target p95 ≤ 1 s);
//  - the rate of a full rebuild of all demands' matches with 1 and 2 worker processes
//    (measured over a fixed window from no stored matches, then cancelled; target ≥ 1.7× with 2),
//    once on the whole machine and, where cgroups allow, once with each worker capped at its own
//    CPU share (BENCH_WORKER_CPUS, default 0.5 core; 0 skips it), as worker replicas with CPU
//    limits run in a deployment: on a 2-core machine that also runs PostgreSQL, the API and
//    Redis, the uncapped ratio shows what the machine has left, not what a worker adds;
//  - publish → `ready` of demands published while the two workers rebuild;
//  - the worker's peak memory (target < 1 GiB).
// Run: npm run bench:matching:service   (BENCH_REUSE=1 reuses a catalogue left by BENCH_KEEP=1)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { scoringVersion } from '@techbridge/matching';
import { dropDatabase, ensureDatabase, findPostgresServer, freePort, migrateDatabase, withDatabase } from '@techbridge/database';
import { type ManagedProcess, startNodeProcess, waitForHttp, workerNodeArgs } from '../../scripts/lib/processes';
import { ACHIEVEMENT_HEADERS, achievementRow, DEMAND_HEADERS, demandRow } from '../catalog/synthetic';
import { CpuAllotment } from '../support/cpu-allotment';
import { CpuWindow, pidsNamed } from '../support/process-cpu';
import { writeReport } from '../support/report-file';
import { api, BENCH_ADMIN, benchQueue, clearQueueNamespace, csv, importFile, percentile, redisUrl, signUp } from '../support/service';

const ACHIEVEMENTS = Number(process.env.BENCH_ACHIEVEMENTS ?? 100_000);
const DEMANDS = Number(process.env.BENCH_DEMANDS ?? 20_000);
const NEW_DEMANDS = Number(process.env.BENCH_NEW_DEMANDS ?? 100);
/** Demands published while the two workers rebuild (their jobs must not wait for the chunks). */
const DURING_REBUILD = 20;
const REBUILD_SECONDS = Number(process.env.BENCH_REBUILD_SECONDS ?? 90);
const WORKER_CPUS = Number(process.env.BENCH_WORKER_CPUS ?? 0.5);
const NAMESPACE = 'bench_matching';
const root = process.cwd();
const entry = (app: 'api' | 'worker') => path.join(root, `dist/apps/${app}/src/main.js`);

async function count(db: Client, table: string): Promise<number> {
  try {
    return Number((await db.query(`SELECT count(*) AS n FROM ${table} WHERE status = 'published'`)).rows[0].n);
  } catch {
    return 0;
  }
}

/** A worker process whose log tells when its matching index is loaded (and how long that took). */
function startWorker(env: Record<string, string | undefined>, name: string): { process: ManagedProcess; loaded: Promise<{ ms: number; heap: string }> } {
  const proc = startNodeProcess(name, entry('worker'), { ...env, LOG_LEVEL: 'info' }, { pipeStdout: true, nodeArgs: workerNodeArgs(env) });
  const loaded = new Promise<{ ms: number; heap: string }>((resolve) => {
    let buffer = '';
    proc.child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const found = /loaded \d+ demands and \d+ achievements in (\d+) ms \(heap (\d+ of \d+) MiB\)/.exec(line);
        if (found) resolve({ ms: Number(found[1]), heap: found[2]! });
      }
    });
  });
  return { process: proc, loaded };
}

/** Peak resident memory of a process (VmHWM), in MiB. */
function peakMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024);
}

interface RebuildWindow {
  rate: number;
  items: number;
  total: number;
  /** Cores used during the window, by process group. */
  cores: Record<string, number>;
}

async function rebuildRate(base: string, token: string, seconds: number, cpu: CpuWindow, during?: () => Promise<void>): Promise<RebuildWindow> {
  const started = await api<{ id: string; totalItems: number }>(base, 'POST', '/api/v1/admin/matching/rebuilds', { kinds: ['demand'], chunkSize: 50 }, token);
  const progress = () => api<{ doneItems: number; status: string }>(base, 'GET', `/api/v1/admin/matching/rebuilds/${started.id}`, undefined, token);
  // The window opens at the first finished chunk, so queueing and start-up are not counted.
  let first = await progress();
  while (first.doneItems === 0) {
    await new Promise((r) => setTimeout(r, 200));
    first = await progress();
  }
  const t0 = Date.now();
  cpu.start();
  await Promise.all([new Promise((r) => setTimeout(r, seconds * 1000)), during?.()]);
  const last = await progress();
  const elapsed = (Date.now() - t0) / 1000;
  const cores = cpu.stop();
  if (last.status === 'running') await api(base, 'POST', `/api/v1/admin/matching/rebuilds/${started.id}/cancel`, {}, token);
  return { rate: (last.doneItems - first.doneItems) / elapsed, items: last.doneItems - first.doneItems, total: started.totalItems, cores };
}

const coresText = (w: RebuildWindow): string =>
  Object.entries(w.cores)
    .map(([name, cores]) => `${name} ${cores.toFixed(2)}`)
    .join(', ');

/** A window with each given worker moved into its own CPU allotment, and back out after. */
async function capped<T>(allotments: readonly CpuAllotment[], pids: readonly number[], measure: () => Promise<T>): Promise<T> {
  pids.forEach((pid, i) => allotments[i]!.add(pid));
  try {
    return await measure();
  } finally {
    pids.forEach((pid, i) => allotments[i]!.release(pid));
  }
}

/**
 * Where an item job's time went, as medians over the published demands: commit → on the queue
 * (the outbox relay), on the queue → started (waiting for a free slot), started → done.
 */
async function jobTimes(redis: string | undefined, items: ReadonlyArray<{ id: string; version: number; at: number }>): Promise<string> {
  if (!redis || !items.length) return '';
  const queue = benchQueue(redis, NAMESPACE, 'matching');
  try {
    const parts = { relay: [] as number[], wait: [] as number[], run: [] as number[] };
    for (const item of items) {
      const job = await queue.getJob(`matching.item.demand.${item.id}.${item.version}`);
      if (!job?.processedOn || !job.finishedOn) continue;
      parts.relay.push(job.timestamp - item.at);
      parts.wait.push(job.processedOn - job.timestamp);
      parts.run.push(job.finishedOn - job.processedOn);
    }
    const median = (xs: number[]) => percentile(xs.sort((a, b) => a - b), 50);
    return `; medians: relay ${median(parts.relay)} ms, queued ${median(parts.wait)} ms, running ${median(parts.run)} ms`;
  } finally {
    await queue.close();
  }
}

/** Waits until no matching job runs or waits (a cancelled rebuild's chunks drain as skips). */
async function drained(db: Client): Promise<void> {
  for (;;) {
    const { rows } = await db.query(`SELECT count(*) AS n FROM matching_rebuilds WHERE status = 'running'`);
    if (Number(rows[0].n) === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Both rebuild windows start from the same state, no stored matches, so they do the same work:
 * otherwise the second would re-store, as no-ops, the demands the first already stored.
 */
async function fromNoMatches(db: Client): Promise<void> {
  await db.query(`TRUNCATE matches CASCADE`);
  await db.query(`CHECKPOINT`);
}

async function main(): Promise<void> {
  const server = await findPostgresServer({ databaseUrl: process.env.DATABASE_URL });
  const databaseUrl = withDatabase(server.url, 'techbridge_bench');
  const reuseWanted = process.env.BENCH_REUSE === '1';
  const probe = new Client({ connectionString: withDatabase(server.url, 'postgres') });
  await probe.connect();
  const exists = (await probe.query(`SELECT 1 FROM pg_database WHERE datname = 'techbridge_bench'`)).rowCount === 1;
  await probe.end();
  let db = exists ? new Client({ connectionString: databaseUrl }) : undefined;
  if (db) await db.connect();
  const reuse = reuseWanted && db !== undefined && (await count(db, 'achievements')) >= ACHIEVEMENTS && (await count(db, 'tech_demands')) >= DEMANDS;
  if (!reuse) {
    await db?.end();
    await dropDatabase(databaseUrl);
    await ensureDatabase(databaseUrl);
  }
  await migrateDatabase({ databaseUrl });
  if (!reuse || !db) {
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  }
  const redis = await redisUrl();
  await clearQueueNamespace(redis, NAMESPACE);
  // While the catalogue is imported, the matching work it enqueues waits (paused); it is dropped after.
  const matchingQueue = redis ? benchQueue(redis, NAMESPACE, 'matching') : undefined;
  await matchingQueue?.pause();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redis, QUEUE_BACKEND: redis ? 'redis' : 'postgres', QUEUE_NAMESPACE: NAMESPACE, PORT: String(port),
    LOG_LEVEL: 'warn', ADMIN_EMAIL: BENCH_ADMIN.email, ADMIN_PASSWORD: BENCH_ADMIN.password, AUTH_LIMIT_PER_IP_PER_MINUTE: '100000', AUTH_LIMIT_PER_ACCOUNT_PER_HOUR: '100000',
  };
  const processes: ManagedProcess[] = [startNodeProcess('api', entry('api'), env)];
  try {
    await waitForHttp(`${base}/health/ready`, 120_000);
    const admin = (await api<{ tokens: { accessToken: string } }>(base, 'POST', '/api/v1/auth/login', BENCH_ADMIN)).tokens.accessToken;
    const seed = Date.now() % 100_000_000;
    const university = await signUp(base, admin, 'university', seed + 1);
    const enterprise = await signUp(base, admin, 'enterprise', seed + 2);
    const validUntil = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
    if (!reuse) {
      const importer = startNodeProcess('importer', entry('worker'), { ...env, MATCHING_PRELOAD: 'false' });
      await importFile(base, university, 'achievements', csv([ACHIEVEMENT_HEADERS, ...Array.from({ length: ACHIEVEMENTS }, (_, i) => achievementRow(i))]));
      await importFile(base, enterprise, 'demands', csv([DEMAND_HEADERS, ...Array.from({ length: DEMANDS }, (_, i) => demandRow(i, validUntil))]));
      await importer.stop(10_000);
    }
    // Drafts to publish during the measurement (the rows after the catalogue's own).
    const draftsImport = startNodeProcess('importer', entry('worker'), { ...env, MATCHING_PRELOAD: 'false' });
    await importFile(base, enterprise, 'demands', csv([DEMAND_HEADERS, ...Array.from({ length: NEW_DEMANDS + DURING_REBUILD }, (_, i) => demandRow(DEMANDS + seed + i, validUntil))]), false);
    await draftsImport.stop(10_000);
    // The catalogue stands for one whose matches are current: what is measured is new work.
    await db.query(`UPDATE tech_demands SET matched_version = version, matched_weights = $1 WHERE status = 'published'`, [scoringVersion()]);
    await db.query(`UPDATE achievements SET matched_version = version, matched_weights = $1 WHERE status = 'published'`, [scoringVersion()]);
    await db.query(`DELETE FROM outbox`);
    await db.query(`VACUUM ANALYZE`);
    await matchingQueue?.close();
    await clearQueueNamespace(redis, NAMESPACE);

    const first = startWorker(env, 'worker-1');
    processes.push(first.process);
    const load = await first.loaded;
    const drafts = (await db.query(`SELECT id FROM tech_demands WHERE status = 'draft' AND external_ref IS NOT NULL ORDER BY created_at DESC LIMIT $1`, [NEW_DEMANDS + DURING_REBUILD])).rows.map((r: { id: string }) => r.id);
    const [draftIds, duringIds] = [drafts.slice(0, NEW_DEMANDS), drafts.slice(NEW_DEMANDS)];
    /** Publishes each demand in turn and times publish → its matches stored on that version. */
    const published: Array<{ id: string; version: number; at: number }> = [];
    const publishAndWait = async (ids: readonly string[]): Promise<number[]> => {
      const times: number[] = [];
      for (const id of ids) {
        const { version } = await api<{ version: number }>(base, 'POST', `/api/v1/demands/${id}/actions/publish`, {}, enterprise);
        const t0 = Date.now();
        published.push({ id, version, at: t0 });
        for (;;) {
          const { rows } = await db!.query(`SELECT matched_version FROM tech_demands WHERE id = $1`, [id]);
          if (rows[0].matched_version === version) break;
          await new Promise((r) => setTimeout(r, 5));
        }
        times.push(Date.now() - t0);
      }
      return times.sort((a, b) => a - b);
    };
    const latencies = await publishAndWait(draftIds);
    const stored = Number((await db.query(`SELECT count(*) AS n FROM matches WHERE demand_id = ANY($1::uuid[]) AND demand_score IS NOT NULL`, [draftIds])).rows[0].n);

    const workerPids = (): number[] => processes.slice(1).map((p) => p.child.pid!);
    const cpu = new CpuWindow({ workers: workerPids, postgres: () => pidsNamed('postgres'), api: () => [processes[0]!.child.pid!], redis: () => pidsNamed('redis-server') });
    const allotments = WORKER_CPUS > 0 ? [1, 2].map((n) => CpuAllotment.create(`techbridge-bench-worker-${n}`, WORKER_CPUS)) : [];
    const canCap = allotments.length === 2 && allotments.every((a) => a !== undefined);
    const window = async (during?: () => Promise<void>): Promise<RebuildWindow> => {
      await fromNoMatches(db!);
      const measured = await rebuildRate(base, admin, REBUILD_SECONDS, cpu, during);
      await drained(db!);
      return measured;
    };
    const one = await window();
    const oneCapped = canCap ? await capped(allotments as CpuAllotment[], workerPids(), () => window()) : undefined;
    const second = startWorker(env, 'worker-2');
    processes.push(second.process);
    await second.loaded;
    let busy: number[] = [];
    const two = await window(async () => {
      busy = await publishAndWait(duringIds);
    });
    const twoCapped = canCap ? await capped(allotments as CpuAllotment[], workerPids(), () => window()) : undefined;
    for (const a of allotments) a?.remove();
    const busyParts = await jobTimes(redis, published.filter((p) => duringIds.includes(p.id)));
    const peaks = [peakMiB(first.process.child.pid!), peakMiB(second.process.child.pid!)];

    const machine = `${os.cpus().length} vCPU (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${server.source}, queue ${redis ? 'redis' : 'postgres'}, weights ${scoringVersion()}`;
    const rows = [
      ['catalogue', `${await count(db, 'achievements')} achievements, ${await count(db, 'tech_demands')} demands published`, '', ''],
      ['worker index load at start-up', `both kinds; heap after loading ${load.heap} MiB (cap: WORKER_MAX_HEAP_MB)`, `${(load.ms / 1000).toFixed(1)} s`, ''],
      ['publish → ready, new demand, 1 worker', `${latencies.length} demands, p50 ${percentile(latencies, 50)} ms, max ${latencies[latencies.length - 1]} ms, ${stored} matches stored`, `p95 ${percentile(latencies, 95)} ms`, 'p95 ≤ 1,000 ms'],
      ['rebuild of all demands, 1 worker', `${one.items} demands in ${REBUILD_SECONDS} s (of ${one.total}; ≈ ${Math.round(one.total / one.rate / 60)} min for all); cores used: ${coresText(one)}`, `${one.rate.toFixed(1)} demands/s`, ''],
      ['publish → ready during the 2-worker rebuild', `${busy.length} demands, p50 ${percentile(busy, 50)} ms, max ${busy[busy.length - 1]} ms${busyParts}`, `p95 ${percentile(busy, 95)} ms`, ''],
      ['rebuild of all demands, 2 workers', `${two.items} demands in ${REBUILD_SECONDS} s (≈ ${Math.round(two.total / two.rate / 60)} min for all); cores used: ${coresText(two)}`, `${two.rate.toFixed(1)} demands/s, ×${(two.rate / one.rate).toFixed(2)}`, '≥ ×1.7'],
      ...(oneCapped && twoCapped
        ? [
            ['rebuild, 1 worker capped at its own CPU share', `${WORKER_CPUS} core per worker (cgroup quota); ${oneCapped.items} demands; cores used: ${coresText(oneCapped)}`, `${oneCapped.rate.toFixed(1)} demands/s`, ''],
            ['rebuild, 2 workers, each capped at its own CPU share', `${twoCapped.items} demands; cores used: ${coresText(twoCapped)}`, `${twoCapped.rate.toFixed(1)} demands/s, ×${(twoCapped.rate / oneCapped.rate).toFixed(2)}`, '≥ ×1.7'],
          ]
        : [['rebuild with each worker capped at its own CPU share', WORKER_CPUS > 0 ? 'not measured: this machine does not let the benchmark make a cgroup' : 'not measured (BENCH_WORKER_CPUS=0)', '', '']]),
      ['worker peak memory (VmHWM)', 'worker 1, worker 2', `${peaks[0]} MiB, ${peaks[1]} MiB`, '< 1,024 MiB'],
    ];
    const table = ['| measure | detail | result | target |', '| --- | --- | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    const report = `# Matching service benchmark\n\n${new Date().toISOString().slice(0, 10)} · ${machine}\n\nCommand: \`npm run bench:matching:service\`\n\n${table}\n`;
    process.stdout.write(`\n${report}\n`);
    writeReport(path.join(root, 'bench/matches/RESULTS.md'), report);
    // Scaling is what a second worker with CPU of its own adds: the capped ratio where it could be measured.
    const scaling = oneCapped && twoCapped ? twoCapped.rate / oneCapped.rate : two.rate / one.rate;
    const ok = percentile(latencies, 95) <= 1_000 && scaling >= 1.7 && Math.max(...peaks) < 1_024 && stored >= draftIds.length;
    process.exitCode = ok ? 0 : 1;
  } finally {
    await Promise.all(processes.map((p) => p.stop(15_000)));
    await db.end();
    await clearQueueNamespace(redis, NAMESPACE);
    if (!process.env.BENCH_KEEP) await dropDatabase(databaseUrl);
    await server.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
