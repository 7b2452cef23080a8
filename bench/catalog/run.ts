// Catalogue benchmark: imports 100,000 achievements end to end (upload → searchable) and 20,000
// demands through the real API and worker processes, then measures search latency over HTTP with
// autocannon at concurrency 10. Run: npm run bench:catalog   (DATABASE_URL / REDIS_URL optional)
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { dropDatabase, ensureDatabase, findPostgresServer, freePort, migrateDatabase, withDatabase } from '@techbridge/database';
import { startNodeProcess, waitForHttp } from '../../scripts/lib/processes';
import { api, BENCH_ADMIN as ADMIN, benchQueue, clearQueueNamespace, csv, importFile, percentile, redisUrl, signUp as signUpWith } from '../support/service';
import { random } from '../support/seeded-random';
import { ACHIEVEMENT_HEADERS, achievementRow, DEMAND_HEADERS, demandRow, searchQueries } from './synthetic';

const ACHIEVEMENTS = Number(process.env.BENCH_ACHIEVEMENTS ?? 100_000);
const DEMANDS = Number(process.env.BENCH_DEMANDS ?? 20_000);
const SEARCH_SECONDS = Number(process.env.BENCH_SEARCH_SECONDS ?? 30);
const root = process.cwd();

async function searchLatency(base: string, kind: string, token: string): Promise<{ p50: number; p95: number; p99: number; rps: number; errors: number; nonEmpty: number }> {
  const queries = searchQueries(random(7), 500, kind as 'achievements' | 'demands', kind === 'achievements' ? ACHIEVEMENTS : DEMANDS);
  let next = 0;
  const latencies: number[] = [];
  let nonEmpty = 0;
  let instance: autocannon.Instance;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({
    url: base,
    connections: 10,
    duration: SEARCH_SECONDS,
    headers: { authorization: `Bearer ${token}` },
    requests: [{ method: 'GET', setupRequest: (req: object) => ({ ...req, path: `/api/v1/${kind}?${queries[next++ % queries.length]}` }), onResponse: (_status: number, body: string) => void (body.includes('"total":0,') || nonEmpty++) }],
  } as autocannon.Options, (err, result) => (err ? reject(err) : resolve(result)));
  });
  instance!.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await finished;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), rps: result.requests.average, errors: result.errors + result.non2xx, nonEmpty: Math.round((100 * nonEmpty) / Math.max(1, result.requests.total)) };
}

async function countAchievements(databaseUrl: string): Promise<number> {
  try {
    return Number(execSync(`psql "${databaseUrl}" -Atc "SELECT count(*) FROM achievements"`, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const server = await findPostgresServer({ databaseUrl: process.env.DATABASE_URL });
  const databaseUrl = withDatabase(server.url, 'techbridge_bench');
  // BENCH_REUSE=1 keeps a database left by BENCH_KEEP=1 and measures search only.
  const reuse = process.env.BENCH_REUSE === '1' && (await countAchievements(databaseUrl)) >= ACHIEVEMENTS;
  if (!reuse) {
    await dropDatabase(databaseUrl);
    await ensureDatabase(databaseUrl);
    await migrateDatabase({ databaseUrl });
  }
  const redis = await redisUrl();
  await clearQueueNamespace(redis, 'bench');
  // Published imports enqueue matching for every row: that is the matching benchmark's subject
  // (npm run bench:matching:service), so here it waits, paused, and the catalogue is measured alone.
  const matchingQueue = redis ? benchQueue(redis, 'bench', 'matching') : undefined;
  await matchingQueue?.pause();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redis, QUEUE_BACKEND: redis ? 'redis' : 'postgres', QUEUE_NAMESPACE: 'bench', PORT: String(port),
    LOG_LEVEL: 'warn', API_PROCESSES: process.env.API_PROCESSES ?? '1', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, AUTH_LIMIT_PER_IP_PER_MINUTE: '100000', AUTH_LIMIT_PER_ACCOUNT_PER_HOUR: '100000', SEARCH_LIMIT_PER_IP_PER_MINUTE: '100000', BODY_LIMIT: '1mb',
    MATCHING_PRELOAD: 'false',
  };
  const processes = [startNodeProcess('api', path.join(root, 'dist/apps/api/src/main.js'), env), startNodeProcess('worker', path.join(root, 'dist/apps/worker/src/main.js'), env)];
  try {
    await waitForHttp(`${base}/health/ready`, 120_000);
    const admin = await api<{ tokens: { accessToken: string } }>(base, 'POST', '/api/v1/auth/login', ADMIN);
    const signUp = (type: string, n: number) => signUpWith(base, admin.tokens.accessToken, type, n);
    const seed = reuse ? Date.now() % 100_000_000 : 0;
    const university = await signUp('university', seed + 1);
    const enterprise = await signUp('enterprise', seed + 2);

    let imported = { rows: 0, seconds: 0 };
    let importedDemands = { rows: 0, seconds: 0 };
    if (!reuse) {
      const achievements = csv([ACHIEVEMENT_HEADERS, ...Array.from({ length: ACHIEVEMENTS }, (_, i) => achievementRow(i))]);
      imported = await importFile(base, university, 'achievements', achievements);
      // "Searchable": the last row is found by a word of its title.
      const last = await api<{ total: number }>(base, 'GET', `/api/v1/achievements?q=${encodeURIComponent(`第${ACHIEVEMENTS - 1}号`)}`, undefined, university);
      if (last.total < 1) throw new Error('imported rows are not searchable');
      const validUntil = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
      const demands = csv([DEMAND_HEADERS, ...Array.from({ length: DEMANDS }, (_, i) => demandRow(i, validUntil))]);
      importedDemands = await importFile(base, enterprise, 'demands', demands);
      execSync(`psql "${databaseUrl}" -qc "VACUUM ANALYZE"`, { stdio: 'ignore' });
    }

    const achievementSearch = await searchLatency(base, 'achievements', enterprise);
    const demandSearch = await searchLatency(base, 'demands', university);
    const machine = `API_PROCESSES=${env.API_PROCESSES}, ${os.cpus().length} vCPU (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${server.source}, queue ${redis ? 'redis' : 'postgres'}`;
    const rows = [
      ['import 100k achievements (upload → searchable)', `${imported.rows} rows in ${imported.seconds.toFixed(1)} s`, `${Math.round(imported.rows / imported.seconds)} rows/s`, '≥ 2,000 rows/s'],
      ['import 20k demands', `${importedDemands.rows} rows in ${importedDemands.seconds.toFixed(1)} s`, `${Math.round(importedDemands.rows / importedDemands.seconds)} rows/s`, ''],
      ['search achievements (q 2–6 words + filter, c=10)', `p50 ${achievementSearch.p50} ms, p99 ${achievementSearch.p99} ms, ${Math.round(achievementSearch.rps)} req/s, ${achievementSearch.errors} errors, ${achievementSearch.nonEmpty}% with hits`, `p95 ${achievementSearch.p95} ms`, 'p95 < 50 ms'],
      ['search demands (q 2–6 words + filter, c=10)', `p50 ${demandSearch.p50} ms, p99 ${demandSearch.p99} ms, ${Math.round(demandSearch.rps)} req/s, ${demandSearch.errors} errors, ${demandSearch.nonEmpty}% with hits`, `p95 ${demandSearch.p95} ms`, 'p95 < 50 ms'],
    ];
    const table = ['| measure | detail | result | target |', '| --- | --- | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    const report = `# Catalogue benchmark\n\n${new Date().toISOString().slice(0, 10)} · ${machine}\n\nCommand: \`npm run bench:catalog\`\n\n${table}\n`;
    process.stdout.write(`\n${report}\n`);
    if (!reuse) fs.writeFileSync(path.join(root, 'bench/catalog/RESULTS.md'), report);
    const ok = (reuse || imported.rows / imported.seconds >= 2_000) && achievementSearch.p95 < 50 && demandSearch.p95 < 50 && achievementSearch.errors + demandSearch.errors === 0;
    process.exitCode = ok ? 0 : 1;
  } finally {
    await Promise.all(processes.map((p) => p.stop(10_000)));
    await matchingQueue?.close();
    await clearQueueNamespace(redis, 'bench');
    if (!process.env.BENCH_KEEP && !reuse) await dropDatabase(databaseUrl);
    await server.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
