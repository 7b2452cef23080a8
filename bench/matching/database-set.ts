import { Client } from 'pg';
import type { CatalogKind } from '@techbridge/domain';
import type { MatchableAchievement, MatchableDemand } from '@techbridge/matching';
import { type ItemRow, MATCHABLE_COLUMNS, MATCHABLE_SQL, readFeedbackEvents, TABLE_OF, toMatchableAchievement, toMatchableDemand } from '@techbridge/matches';
import type { LabeledSet } from './dataset';
import { withFeedback } from './feedback-grades';

/**
 * A database's own catalogue as a labeled set: every matchable item, read as the worker reads it,
 * judged by the feedback stored there (deal or negotiating → 2, meeting or contacted → 1,
 * dismissed → 0). Tuning on it fits the weights to what that catalogue's users did.
 */
export async function loadDatabaseSet(connectionString: string): Promise<LabeledSet> {
  const db = new Client({ connectionString });
  await db.connect();
  try {
    const rows = async (kind: CatalogKind): Promise<ItemRow[]> =>
      (await db.query(`SELECT ${MATCHABLE_COLUMNS[kind]} FROM ${TABLE_OF[kind]} WHERE ${MATCHABLE_SQL}`)).rows as ItemRow[];
    const demands: MatchableDemand[] = (await rows('demand')).map(toMatchableDemand);
    const achievements: MatchableAchievement[] = (await rows('achievement')).map(toMatchableAchievement);
    const events = await readFeedbackEvents(async (sql) => (await db.query(sql)).rows);
    return { demands, achievements, qrels: withFeedback(new Map(), events) };
  } finally {
    await db.end();
  }
}
