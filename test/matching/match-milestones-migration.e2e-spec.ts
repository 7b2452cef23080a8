import { randomUUID } from 'node:crypto';
import { buildDataSourceOptions, dropDatabase, ensureDatabase, migrateDatabase, withDatabase } from '@techbridge/database';
import { DataSource, type QueryRunner } from 'typeorm';
import { MatchMilestones1796592645530 as MatchMilestones } from '../../migrations/1796592645530-MatchMilestones';
import { testServices } from '../support/test-services';

/** Pairs people acted on before the milestone columns existed get them from the audit trail, their state and their 对接会 meetings. */
describe('migration MatchMilestones', () => {
  const { postgresServerUrl, databaseBase } = testServices();
  const url = withDatabase(postgresServerUrl, `${databaseBase}_milestones_w${process.env.JEST_WORKER_ID ?? 1}`);
  let db: DataSource;
  let runner: QueryRunner; // one connection: the session setting below holds for it alone

  beforeAll(async () => {
    await dropDatabase(url);
    await ensureDatabase(url);
    await migrateDatabase({ databaseUrl: url });
    db = await new DataSource(buildDataSourceOptions({ databaseUrl: url, databasePoolSize: 1 })).initialize();
    runner = db.createQueryRunner();
  });
  afterAll(async () => {
    await runner?.release();
    await db?.destroy();
    await dropDatabase(url);
  });

  /** A match row as it was before the migration (its items need not exist: foreign keys are off for this session). */
  const matchAt = async (state: string, stateChangedAt: string | null, dismissedFrom: string | null = null): Promise<string> => {
    const id = randomUUID();
    await runner.query(
      `INSERT INTO matches (id, demand_id, achievement_id, demand_version, achievement_version, score, components, explanation, weights_version, computed_at, state, state_changed_at, dismissed_from, updated_at, version)
       VALUES ($1, $2, $3, 1, 1, 50, '{}', '{"terms":[],"notes":[]}', 'm3.2', now(), $4, $5, $6, '2026-01-31T00:00:00Z', 1)`,
      [id, randomUUID(), randomUUID(), state, stateChangedAt, dismissedFrom],
    );
    return id;
  };
  const audited = (matchId: string, to: string, at: string) =>
    runner.query(`INSERT INTO audit_entries (at, action, resource_type, resource_id, details) VALUES ($1, $2, 'match', $3, $4)`, [at, `match.${to}`, matchId, { from: 'x', to }]);
  /** A 对接会 request over the match, asked at `at`, and its meeting, held at `heldAt` if given. */
  const askedAtEvent = async (matchId: string, at: string, heldAt: string | null) => {
    const [event, requester, counterpart] = [randomUUID(), randomUUID(), randomUUID()];
    const [asked] = await runner.query(
      `INSERT INTO meeting_requests (event_id, requester_id, counterpart_id, pair_key, match_id, status, created_by, created_at, version)
       VALUES ($1, $2, $3, $4, $5, 'accepted', $2, $6, 1) RETURNING id`,
      [event, requester, counterpart, `${requester}:${counterpart}`, matchId, at],
    );
    await runner.query(
      `INSERT INTO meetings (event_id, request_id, requester_id, counterpart_id, slot, table_no, status, status_changed_at, version) VALUES ($1, $2, $3, $4, 0, 0, $5, $6, 1)`,
      [event, asked.id, requester, counterpart, heldAt ? 'held' : 'scheduled', heldAt],
    );
  };
  const milestones = async (id: string) => {
    const [row] = await runner.query(`SELECT contacted_at, met_at, negotiated_at, dealt_at FROM matches WHERE id = $1`, [id]);
    return Object.values(row as Record<string, Date | null>).map((d) => d?.toISOString().slice(0, 10) ?? null);
  };

  it('stamps each step reached with its first audited move, or the last state change, or a 对接会 request or held meeting, whichever came first', async () => {
    await new MatchMilestones().down(runner);
    await runner.query(`SET session_replication_role = replica`);
    const traced = await matchAt('deal', '2026-01-20T00:00:00Z');
    await audited(traced, 'contacted', '2026-01-02T00:00:00Z');
    await audited(traced, 'meeting', '2026-01-05T00:00:00Z'); // then dismissed and restored: the first time counts
    await audited(traced, 'dismissed', '2026-01-06T00:00:00Z');
    await audited(traced, 'meeting', '2026-01-08T00:00:00Z');
    await audited(traced, 'deal', '2026-01-20T00:00:00Z'); // negotiation skipped: reached with the deal
    const untraced = await matchAt('negotiating', '2026-01-15T00:00:00Z');
    const dismissedAfterMeeting = await matchAt('dismissed', '2026-01-16T00:00:00Z', 'meeting');
    const dismissedAtOnce = await matchAt('dismissed', '2026-01-16T00:00:00Z', 'suggested');
    const neverChanged = await matchAt('contacted', null);
    const untouched = await matchAt('suggested', null);
    const metAtEvent = await matchAt('suggested', null);
    await askedAtEvent(metAtEvent, '2026-01-10T00:00:00Z', '2026-01-12T00:00:00Z');
    const askedBeforeContact = await matchAt('contacted', '2026-01-20T00:00:00Z');
    await askedAtEvent(askedBeforeContact, '2026-01-11T00:00:00Z', null);
    await runner.query(`SET session_replication_role = DEFAULT`);
    await new MatchMilestones().up(runner);

    expect(await milestones(traced)).toEqual(['2026-01-02', '2026-01-05', '2026-01-20', '2026-01-20']);
    expect(await milestones(untraced)).toEqual(['2026-01-15', '2026-01-15', '2026-01-15', null]);
    expect(await milestones(dismissedAfterMeeting)).toEqual(['2026-01-16', '2026-01-16', null, null]);
    expect(await milestones(dismissedAtOnce)).toEqual([null, null, null, null]);
    expect(await milestones(neverChanged)).toEqual(['2026-01-31', null, null, null]);
    expect(await milestones(untouched)).toEqual([null, null, null, null]);
    expect(await milestones(metAtEvent)).toEqual(['2026-01-10', '2026-01-12', null, null]);
    expect(await milestones(askedBeforeContact)).toEqual(['2026-01-11', null, null, null]);
  });
});
