import type { FeedbackEvent } from '@techbridge/matching';

/**
 * Every judgment people made of a pair: how far they took a match (its state) and what either
 * side said of it (match_feedback). With each pair, the items' external references: a catalogue
 * imported from a labeled set keeps the set's ids there, so its feedback lines up with the labels.
 */
const FEEDBACK_EVENTS_SQL = `
  SELECT m.demand_id, m.achievement_id, d.external_ref AS demand_ref, a.external_ref AS achievement_ref, e.outcome
  FROM (SELECT id AS match_id, state AS outcome FROM matches WHERE state <> 'suggested'
        UNION ALL
        SELECT match_id, CASE verdict WHEN 'interested' THEN 'contacted' ELSE 'dismissed' END FROM match_feedback) e
  JOIN matches m ON m.id = e.match_id
  JOIN tech_demands d ON d.id = m.demand_id
  JOIN achievements a ON a.id = m.achievement_id
  ORDER BY m.demand_id, m.achievement_id, e.outcome`;

interface FeedbackRow {
  demand_id: string;
  achievement_id: string;
  demand_ref: string | null;
  achievement_ref: string | null;
  outcome: FeedbackEvent['outcome'];
}

/** Runs a query on whatever connection the caller has (a TypeORM DataSource or a pg Client). */
export type RunQuery = (sql: string) => Promise<readonly unknown[]>;

/** `byRef`: name items by their external reference where they have one, else by id. */
export async function readFeedbackEvents(run: RunQuery, options: { byRef?: boolean } = {}): Promise<FeedbackEvent[]> {
  const rows = (await run(FEEDBACK_EVENTS_SQL)) as FeedbackRow[];
  return rows.map((r) => ({
    demandId: (options.byRef && r.demand_ref) || r.demand_id,
    achievementId: (options.byRef && r.achievement_ref) || r.achievement_id,
    outcome: r.outcome,
  }));
}
