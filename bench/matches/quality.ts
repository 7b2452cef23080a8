// Matching quality through the service: loads a labeled set (default ../shared/benchmarks/
// matching-dev) into a fresh database through the API — the code users' data goes through —
// lets the real worker compute and store every demand's matches, reads the stored lists, and
// scores them against the labels beside a plain BM25 baseline on the same texts.
// Run: npm run bench:matching   (exits 1 if a target is missed)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { scoringVersion, type MatchableAchievement, type MatchableDemand, type MoneyRange } from '@techbridge/matching';
import { TRL_BY_STAGE } from '@techbridge/domain';
import { dropDatabase, ensureDatabase, findPostgresServer, freePort, migrateDatabase, withDatabase } from '@techbridge/database';
import { type ManagedProcess, startNodeProcess, waitForHttp } from '../../scripts/lib/processes';
import { rankWithBm25 } from '../matching/baseline-bm25';
import { benchSet, devSetDir } from '../matching/dataset';
import { evaluate, type Rankings } from '../matching/metrics';
import { perDemandTable, summaryTable } from '../matching/report';
import { api, BENCH_ADMIN, clearQueueNamespace, redisUrl, signUp } from '../support/service';

const TARGET_NDCG = 0.957;
const TARGET_RECALL = 0.98;
const MAX_DEMAND_REGRESSION = 0.05;
const NAMESPACE = 'bench_quality';
const root = process.cwd();

const amount = (m: MoneyRange) => (m.negotiable ? { negotiable: true } : { minWan: m.minWan ?? null, maxWan: m.maxWan ?? null });
const validUntil = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

/**
 * The API's rules are a form's limits (at least one cooperation mode, at most 10 keywords of 30
 * characters, a title up to 120, a text of 10–5,000, no laboratory stage for a demand); a set
 * written elsewhere may break them where the engine would not care. Such values are fitted, not
 * refused, and counted, so the report says how many values were touched.
 */
let fittedValues = 0;

/** `after`, counting it when it differs from what the set wrote. */
function fit<T>(before: T, after: T): T {
  if (JSON.stringify(before) !== JSON.stringify(after)) fittedValues++;
  return after;
}

const fitTitle = (t: string) => fit(t, t.slice(0, 120).padEnd(2, '。'));
const fitText = (title: string, text: string) => fit(text, (text.length >= 10 ? text : `${title}。${text}`.padEnd(10, '。')).slice(0, 5000));
const fitKeywords = (k: readonly string[]) => fit(k, k.filter((w) => w.length <= 30).slice(0, 10));
const fitModes = (m: readonly string[]) => fit(m, m.length > 0 ? m : ['joint_development']);

function demandBody(d: MatchableDemand): Record<string, unknown> {
  const stage = d.desiredStage ?? 'pilot';
  return {
    externalRef: d.id, title: fitTitle(d.title), description: fitText(d.title, d.description), indicators: fit(d.indicators, d.indicators.slice(0, 20).map((i) => i.slice(0, 200))),
    keywords: fitKeywords(d.keywords), fieldCode: d.fieldCode, chainCodes: d.chainCodes, budget: amount(d.budget), cooperationModes: fitModes(d.cooperationModes),
    desiredStage: fit(stage, stage === 'laboratory' ? 'pilot_small' : stage), regionCode: d.region || '210000', localPreference: d.localPreference, validUntil, visibility: 'public',
  };
}

function achievementBody(a: MatchableAchievement): Record<string, unknown> {
  const stage = a.stage ?? 'laboratory';
  // The set's TRL, unless it contradicts its own stage (the API refuses that): then the stage's nearest TRL.
  const [low, high] = TRL_BY_STAGE[stage];
  const trl = Math.min(high, Math.max(low, a.trl ?? low));
  return {
    externalRef: a.id, title: fitTitle(a.title), summary: fitText(a.title, a.summary), keywords: fitKeywords(a.keywords), fieldCode: a.fieldCode, chainCodes: a.chainCodes, trl, stage,
    price: amount(a.price), cooperationModes: fitModes(a.cooperationModes), regionCode: a.region || '210000', teamLead: '课题组', visibility: 'public',
  };
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<void> {
  // A set's directory, plus any `--distractors N` / `--distractors-from DIR,…` (as run.js takes them).
  const { set, dir, label, distractors } = benchSet();
  const server = await findPostgresServer({ databaseUrl: process.env.DATABASE_URL });
  const databaseUrl = withDatabase(server.url, 'techbridge_bench_quality');
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  await migrateDatabase({ databaseUrl });
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const redis = await redisUrl();
  await clearQueueNamespace(redis, NAMESPACE);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redis, QUEUE_BACKEND: redis ? 'redis' : 'postgres', QUEUE_NAMESPACE: NAMESPACE, PORT: String(port),
    LOG_LEVEL: 'warn', ADMIN_EMAIL: BENCH_ADMIN.email, ADMIN_PASSWORD: BENCH_ADMIN.password, AUTH_LIMIT_PER_IP_PER_MINUTE: '100000', AUTH_LIMIT_PER_ACCOUNT_PER_HOUR: '100000',
  };
  const processes: ManagedProcess[] = ['api', 'worker'].map((app) => startNodeProcess(app, path.join(root, `dist/apps/${app}/src/main.js`), env));
  try {
    await waitForHttp(`${base}/health/ready`, 120_000);
    const admin = (await api<{ tokens: { accessToken: string } }>(base, 'POST', '/api/v1/auth/login', BENCH_ADMIN)).tokens.accessToken;
    const enterprise = await signUp(base, admin, 'enterprise', 1);
    const university = await signUp(base, admin, 'university', 2);
    const publish = async (kind: 'demands' | 'achievements', token: string, body: Record<string, unknown>) => {
      const created = await api<{ id: string }>(base, 'POST', `/api/v1/${kind}`, body, token);
      await api(base, 'POST', `/api/v1/${kind}/${created.id}/actions/publish`, {}, token);
    };
    for (const a of set.achievements) await publish('achievements', university, achievementBody(a));
    for (const d of set.demands) await publish('demands', enterprise, demandBody(d));
    const behind = async () => Number((await db.query(`SELECT (SELECT count(*) FROM tech_demands WHERE matched_version IS DISTINCT FROM version) + (SELECT count(*) FROM achievements WHERE matched_version IS DISTINCT FROM version) AS n`)).rows[0].n);
    await waitUntil(async () => (await behind()) === 0, 'matches computed');
    // Lists computed while the catalogue was still filling in: recompute them on the whole of it, as an admin rebuild does.
    const rebuild = await api<{ id: string }>(base, 'POST', '/api/v1/admin/matching/rebuilds', { kinds: ['demand'] }, admin);
    await waitUntil(async () => (await api<{ status: string }>(base, 'GET', `/api/v1/admin/matching/rebuilds/${rebuild.id}`, undefined, admin)).status === 'completed', 'rebuild');

    const { rows } = await db.query<{ demand_ref: string; achievement_ref: string }>(
      `SELECT d.external_ref AS demand_ref, a.external_ref AS achievement_ref FROM matches m
       JOIN tech_demands d ON d.id = m.demand_id JOIN achievements a ON a.id = m.achievement_id
       WHERE m.demand_score IS NOT NULL ORDER BY d.external_ref, m.demand_score DESC, a.external_ref`,
    );
    const stored = new Map<string, string[]>();
    for (const r of rows) stored.set(r.demand_ref, [...(stored.get(r.demand_ref) ?? []), r.achievement_ref]);
    const rankings: Rankings = new Map(set.demands.map((d) => [d.id, stored.get(d.id) ?? []]));
    const baseline = evaluate(rankWithBm25(set.demands, set.achievements), set.qrels);
    const engine = evaluate(rankings, set.qrels);
    const titles = new Map(set.demands.map((d) => [d.id, d.title]));

    if (fittedValues > 0) process.stderr.write(`${fittedValues} values fitted to the API's limits (see demandBody / achievementBody)\n`);
    const halfway = baseline.ndcg10 + (1 - baseline.ndcg10) / 2;
    const regressions = engine.perDemand.filter((e, i) => e.ndcg10 < baseline.perDemand[i]!.ndcg10 - MAX_DEMAND_REGRESSION);
    const verdicts = [
      `nDCG@10 ${engine.ndcg10.toFixed(3)} (target ≥ ${Math.max(TARGET_NDCG, halfway).toFixed(3)}): ${engine.ndcg10 >= Math.max(TARGET_NDCG, halfway) ? 'met' : 'MISSED'}`,
      `recall@20 ${engine.recall20.toFixed(3)} (target ≥ ${TARGET_RECALL}): ${engine.recall20 >= TARGET_RECALL ? 'met' : 'MISSED'}`,
      `demands more than ${MAX_DEMAND_REGRESSION} below the baseline: ${regressions.length ? regressions.map((r) => r.demandId).join(', ') : 'none'}`,
    ];
    const machine = `${os.cpus().length} vCPU, Node ${process.version}, PostgreSQL ${server.source}, queue ${redis ? 'redis' : 'postgres'}, weights ${scoringVersion()}`;
    const report = [
      `# Matching quality through the service`,
      '',
      `${new Date().toISOString().slice(0, 10)} · ${machine}`,
      '',
      `Command: \`npm run bench:matching\` — ${distractors ? label : path.relative(root, dir)}: ${set.demands.length} demands and ${set.achievements.length} achievements created and published through the API, matched by the worker, lists read from the \`matches\` table.`,
      '',
      summaryTable([
        ['BM25 baseline', baseline],
        ['engine (stored by the service)', engine],
      ]),
      '',
      ...verdicts.map((v) => `- ${v}`),
      '',
      perDemandTable(baseline, engine, titles),
      '',
    ].join('\n');
    process.stdout.write(`${report}\n`);
    // The recorded page is matching-dev's as it is; another set's report, or one with distractors, goes beside it.
    const name = `quality-${path.basename(dir)}${distractors ? '-distractors' : ''}.md`;
    const out = !distractors && dir === devSetDir() ? path.join(root, 'bench/matches/QUALITY.md') : path.join(root, 'bench/.out', name);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, report);
    process.stderr.write(`report written to ${path.relative(root, out)}\n`);
    process.exitCode = engine.ndcg10 >= Math.max(TARGET_NDCG, halfway) && engine.recall20 >= TARGET_RECALL && regressions.length === 0 ? 0 : 1;
  } finally {
    await Promise.all(processes.map((p) => p.stop(15_000)));
    await db.end();
    await clearQueueNamespace(redis, NAMESPACE);
    await dropDatabase(databaseUrl);
    await server.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
