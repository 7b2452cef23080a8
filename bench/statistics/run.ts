// Statistics benchmark: how long organizers wait for the conversion funnel and the turnover report
// on a province's worth of data — 300 organisations, 20,000 demands, 100,000 achievements, each
// demand's top 50 matches stored (1,000,000 pairs), 2% of them followed up over a year (met,
// negotiated, dealt, dismissed in decreasing shares, some at 对接会), and a contract on each deal.
// The rows are written in bulk by SQL (what is measured is reading them), then each report and
// grouping runs REPEATS times in this process through the same services the API calls; then, on the
// same data, an organisation's workbench and the daily follow-up reminders.
// Run: npm run bench:statistics   (DATABASE_URL optional; BENCH_KEEP=1 keeps the database)
import { AuditLog } from '@techbridge/accounts';
import { TaxonomyService } from '@techbridge/catalog';
import { buildDataSourceOptions, dropDatabase, ensureDatabase, findPostgresServer, migrateDatabase, withDatabase } from '@techbridge/database';
import { CONVERSION_GROUPINGS, ConversionStatistics, DEAL_GROUPINGS, DealStatistics, GroupLabels } from '@techbridge/deals';
import type { Actor } from '@techbridge/domain';
import { IdleFollowUps } from '@techbridge/matches';
import { WorkbenchService } from '@techbridge/workbench';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { writeReport } from '../support/report-file';
import { percentile } from '../support/service';

const DEMANDS = Number(process.env.BENCH_DEMANDS ?? 20_000);
const ACHIEVEMENTS = Number(process.env.BENCH_ACHIEVEMENTS ?? 100_000);
const MATCHES_PER_DEMAND = 50;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 20);
const PERIOD = { from: '2026-01-01', to: '2026-12-31' };
const TARGET_P95_MS = 500;

/** Synthetic rows, all in SQL: shares fixed by hashes of the rows' (random) ids, so each run's counts differ by a few percent. */
const SEED = [
  `INSERT INTO organizations (type, name, credit_code, region_code, version, verified)
   SELECT (ARRAY['enterprise', 'university', 'institute'])[1 + i % 3], '基准机构 ' || i, 'B' || lpad(i::text, 17, '0'),
          (ARRAY['210102', '210211', '210302', '210403', '210502', '110108', '310115', '440305'])[1 + (i * 7) % 8], 1, true
     FROM generate_series(1, 300) i`,
  `CREATE TEMP TABLE orgs AS SELECT row_number() OVER (ORDER BY id) AS n, id, type, region_code FROM organizations`,
  `INSERT INTO tech_demands (organization_id, created_by, title, neutral_title, field_code, region_code, visibility, version, description, desired_stage, valid_until, status, published_at)
   SELECT o.id, gen_random_uuid(), '基准需求 ' || i, '技术需求', (ARRAY['equipment', 'materials', 'chemicals', 'energy', 'biomedicine', 'agriculture'])[1 + i % 6], o.region_code,
          'public', 1, '需求描述', 'industrial', '2027-12-31', 'published', '2026-01-01'
     FROM generate_series(1, ${DEMANDS}) i JOIN orgs o ON o.n = 1 + (i * 3) % 300`,
  `INSERT INTO achievements (organization_id, created_by, title, neutral_title, field_code, region_code, visibility, version, summary, trl, stage, team_lead, status, published_at)
   SELECT o.id, gen_random_uuid(), '基准成果 ' || i, '科技成果', (ARRAY['equipment', 'materials', 'chemicals', 'energy', 'biomedicine', 'agriculture'])[1 + i % 6], o.region_code,
          'public', 1, '成果简介', 6, 'pilot', '负责人', 'published', '2026-01-01'
     FROM generate_series(1, ${ACHIEVEMENTS}) i JOIN orgs o ON o.n = 1 + (i * 3 + 1) % 300`,
  `CREATE TEMP TABLE d AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM tech_demands`,
  `CREATE TEMP TABLE a AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM achievements`,
  // Each demand's top 50; one pair in 50 followed up on a day of the year, then a decreasing share goes further.
  `INSERT INTO matches (demand_id, achievement_id, demand_version, achievement_version, score, demand_score, components, explanation, weights_version, computed_at, version, state,
                       contacted_at, met_at, negotiated_at, dealt_at)
   SELECT d.id, a.id, 1, 1, 90 - k, 90 - k, '{}', '{"terms":[],"notes":[]}', 'bench', now(), 1,
          CASE WHEN f.h % 50 <> 0 THEN 'suggested' WHEN f.h % 1000 = 0 THEN 'deal' WHEN f.h % 350 = 0 THEN 'negotiating' WHEN f.h % 150 = 0 THEN 'meeting'
               WHEN f.h % 450 = 50 THEN 'dismissed' ELSE 'contacted' END,
          CASE WHEN f.h % 50 = 0 THEN f.day END,
          CASE WHEN f.h % 50 = 0 AND (f.h % 150 = 0 OR f.h % 350 = 0) THEN f.day + interval '7 days' END,
          CASE WHEN f.h % 50 = 0 AND (f.h % 350 = 0 OR f.h % 1000 = 0) THEN f.day + interval '21 days' END,
          CASE WHEN f.h % 1000 = 0 THEN f.day + interval '60 days' END
     FROM d CROSS JOIN generate_series(0, ${MATCHES_PER_DEMAND - 1}) k
     JOIN a ON a.n = 1 + (d.n * 37 + k * 7919) % ${ACHIEVEMENTS}
     CROSS JOIN LATERAL (SELECT abs(hashtext(d.id::text || k)::bigint) AS h) hh
     CROSS JOIN LATERAL (SELECT hh.h, timestamptz '2026-01-01 09:00+08' + ((hh.h / 50) % 300) * interval '1 day' AS day) f
   ON CONFLICT DO NOTHING`,
  `UPDATE matches SET dismissed_from = 'contacted' WHERE state = 'dismissed'`,
  // A third of the follow-ups were asked for at one of 20 对接会 (foreign keys off: the events' own rows are not what is measured).
  `SET session_replication_role = replica`,
  `INSERT INTO meeting_requests (event_id, requester_id, counterpart_id, pair_key, match_id, status, created_by, created_at, version)
   SELECT e.id, gen_random_uuid(), gen_random_uuid(), m.id::text, m.id, 'accepted', gen_random_uuid(), m.contacted_at, 1
     FROM matches m JOIN (SELECT n, gen_random_uuid() AS id FROM generate_series(0, 19) n) e ON e.n = abs(hashtext(m.id::text)::bigint) % 20
    WHERE m.contacted_at IS NOT NULL AND abs(hashtext(m.id::text)::bigint) % 3 = 0`,
  `SET session_replication_role = DEFAULT`,
  `INSERT INTO deals (title, kind, stage, source, buyer_organization_id, seller_organization_id, demand_id, achievement_id, match_id, field_code, amount_wan, signed_on, recorded_by, version)
   SELECT '基准合同', 'license', 'signed', 'match', t.organization_id, x.organization_id, m.demand_id, m.achievement_id, m.id, t.field_code,
          10 + abs(hashtext(m.id::text)::bigint) % 500, (m.dealt_at AT TIME ZONE 'Asia/Shanghai')::date, gen_random_uuid(), 1
     FROM matches m JOIN tech_demands t ON t.id = m.demand_id JOIN achievements x ON x.id = m.achievement_id
    WHERE m.dealt_at IS NOT NULL AND t.organization_id <> x.organization_id`,
  `VACUUM ANALYZE`,
];

async function timed(run: () => Promise<unknown>): Promise<{ p50: number; p95: number; max: number }> {
  await run(); // warm the caches and the plan
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((x, y) => x - y);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: percentile(times, 100) };
}

async function main(): Promise<void> {
  const server = await findPostgresServer({ databaseUrl: process.env.DATABASE_URL, embeddedDir: path.join(os.tmpdir(), 'techbridge-bench-postgres') });
  const databaseUrl = withDatabase(server.url, 'techbridge_bench_statistics');
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  await migrateDatabase({ databaseUrl });
  const dataSource = await new DataSource(buildDataSourceOptions({ databaseUrl, databasePoolSize: 4 })).initialize();
  const runner = dataSource.createQueryRunner();
  const seedStart = Date.now();
  for (const sql of SEED) await runner.query(sql);
  await runner.release();
  const seedSeconds = (Date.now() - seedStart) / 1000;
  const [counts] = await dataSource.query(
    `SELECT (SELECT count(*) FROM matches)::int AS matches, (SELECT count(*) FROM matches WHERE contacted_at IS NOT NULL)::int AS followed,
            (SELECT count(*) FROM meeting_requests)::int AS requests, (SELECT count(*) FROM deals)::int AS deals`,
  );
  console.log(`seeded in ${seedSeconds.toFixed(1)} s: ${counts.matches} matches, ${counts.followed} followed up, ${counts.requests} 对接会 requests, ${counts.deals} deals`);

  // The services the API calls (the audit log is not touched by reading the taxonomy).
  const labels = new GroupLabels(new TaxonomyService(dataSource, undefined as unknown as AuditLog));
  const conversion = new ConversionStatistics(dataSource, labels);
  const deals = new DealStatistics(dataSource, labels);
  const rows: string[] = [];
  let worst = 0;
  let sample = '';
  for (const groupBy of CONVERSION_GROUPINGS) {
    const t = await timed(() => conversion.report(PERIOD, groupBy));
    worst = Math.max(worst, t.p95);
    rows.push(`| \`GET /statistics/conversion?groupBy=${groupBy}\` | ${t.p50} | ${t.p95} | ${t.max} |`);
    if (groupBy === 'field') sample = JSON.stringify((await conversion.report(PERIOD, groupBy)).totals);
  }
  for (const groupBy of DEAL_GROUPINGS) {
    const t = await timed(() => deals.report(PERIOD, groupBy));
    worst = Math.max(worst, t.p95);
    rows.push(`| \`GET /statistics/deals?groupBy=${groupBy}\` | ${t.p50} | ${t.p95} | ${t.max} |`);
  }
  // A city's 科技局 reading its own ground (沈阳), by its districts.
  const CITY = { ...PERIOD, regionPrefix: '2101' };
  for (const [name, report] of [['conversion', () => conversion.report(CITY, 'region')], ['deals', () => deals.report(CITY, 'region')]] as const) {
    const t = await timed(report);
    worst = Math.max(worst, t.p95);
    rows.push(`| \`GET /statistics/${name}?groupBy=region&regionPrefix=2101\` | ${t.p50} | ${t.p95} | ${t.max} |`);
  }
  // Around the same data: an organisation's workbench (its followed-up pairs checked for progress), and
  // the daily 跟踪提醒 — a first run when most followed-up pairs have stalled, then one with nothing new.
  const [busiest] = await dataSource.query(
    `SELECT t.organization_id AS id, count(*)::int AS n FROM matches m JOIN tech_demands t ON t.id = m.demand_id WHERE m.contacted_at IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
  );
  const member: Actor = { userId: randomUUID(), email: 'bench@example.com', organizationId: busiest.id, organizationType: 'enterprise', memberRole: 'owner', roles: [], brokerFor: [], actingFor: null, requestId: null, ip: null, sessionId: randomUUID() };
  const workbench = new WorkbenchService(dataSource);
  const bench = await timed(() => workbench.of(member));
  const around = [`| \`GET /me/workbench\`, the organisation with the most followed-up pairs (${busiest.n}) | ${bench.p50} | ${bench.p95} | ${bench.max} |`];
  const reminders = new IdleFollowUps(dataSource);
  for (const run of ['first', 'next'] as const) {
    const start = process.hrtime.bigint();
    const { reminded } = await reminders.remind();
    const ms = Math.round(Number(process.hrtime.bigint() - start) / 1e5) / 10;
    around.push(`| 跟踪提醒, ${run === 'first' ? 'first daily run' : 'the next day, nothing new'}: ${reminded} matches reminded | ${ms} (once) | | |`);
  }
  await dataSource.destroy();
  if (process.env.BENCH_KEEP !== '1') await dropDatabase(databaseUrl);
  await server.stop();

  const report = [
    '# Statistics benchmark',
    '',
    `${new Date().toISOString().slice(0, 10)} · ${os.cpus().length} vCPU, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${server.source}`,
    '',
    'Command: `npm run bench:statistics`',
    '',
    `Data: 300 organisations, ${DEMANDS} demands, ${ACHIEVEMENTS} achievements, ${counts.matches} stored matches of which ${counts.followed} followed up in 2026,`,
    `${counts.requests} asked for at 对接会, ${counts.deals} contracts (seeded by SQL in ${seedSeconds.toFixed(0)} s). Period: the whole of 2026.`,
    `Each report ${REPEATS} times after one warm-up, in process through the services the API calls (no HTTP). Totals of the funnel: ${sample}`,
    '',
    '| report | p50 ms | p95 ms | max ms |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
    '',
    `Target: p95 under ${TARGET_P95_MS} ms for every report and grouping — ${worst < TARGET_P95_MS ? 'met' : '**missed**'} (worst p95 ${worst} ms).`,
    '',
    'Around the same data (reported, no target):',
    '',
    '| what | p50 ms | p95 ms | max ms |',
    '| --- | ---: | ---: | ---: |',
    ...around,
    '',
  ].join('\n');
  writeReport(path.join(process.cwd(), 'bench/statistics/RESULTS.md'), report);
  console.log(report);
  if (worst >= TARGET_P95_MS) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
