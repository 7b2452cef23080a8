import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CatalogKind } from '@techbridge/domain';
import type { FeedbackEvent, Match as ScoredPair } from '@techbridge/matching';
import { DataSource, type EntityManager } from 'typeorm';
import { readFeedbackEvents } from './feedback-events';
import { MATCHABLE_SQL, TABLE_OF } from './matchable-items';

/** How many counterparts each item keeps, in each direction. */
export const TOP_MATCHES = 50;

export interface ItemMatchState {
  readonly version: number;
  readonly matchedVersion: number | null;
  readonly matchedWeights: string | null;
}

const OTHER: Readonly<Record<CatalogKind, CatalogKind>> = { demand: 'achievement', achievement: 'demand' };

/** One item's computed list, as the engine produced it on the item's `version`. */
export interface ComputedList {
  readonly id: string;
  readonly version: number;
  readonly pairs: readonly ScoredPair[];
}

/**
 * Every write to the lists takes this transaction-level lock. A list spans items (an
 * achievement's list holds pairs written by many demands' computations), so writers must
 * serialise for each list to stay at its best TOP_MATCHES, and for concurrent trims not to
 * deadlock. A rebuild writes a few items per transaction, so each holds the lock briefly.
 */
const LISTS_LOCK = 7_215_900_131;
const lockLists = (manager: EntityManager) => manager.query(`SELECT pg_advisory_xact_lock(${LISTS_LOCK})`);

/**
 * Writes computed matches. One row per pair (see the Match entity): each item's own list is
 * replaced, its pairs enter their counterparts' lists (each trimmed back to its best
 * TOP_MATCHES), and pairs nobody acted on that fell out of every list are deleted. Unchanged
 * rows are not touched, so writing the same result twice changes nothing.
 */
@Injectable()
export class MatchStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The items' versions, and the version and weights their stored matches were computed for. */
  async states(kind: CatalogKind, ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, ItemMatchState>> {
    const rows: Array<{ id: string; version: number; matched_version: number | null; matched_weights: string | null }> = await manager.query(
      `SELECT id, version, matched_version, matched_weights FROM ${TABLE_OF[kind]} WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { version: r.version, matchedVersion: r.matched_version, matchedWeights: r.matched_weights }]));
  }

  /** Replaces one item's list with `pairs` (computed on `version`) and marks it matched. */
  store(kind: CatalogKind, id: string, version: number, weightsVersion: string, pairs: readonly ScoredPair[]): Promise<void> {
    return this.storeAll(kind, [{ id, version, pairs }], weightsVersion);
  }

  /** `store` for many items of one kind, in one transaction: a rebuild chunk writes in such batches. */
  async storeAll(kind: CatalogKind, lists: readonly ComputedList[], weightsVersion: string): Promise<void> {
    if (!lists.length) return;
    const own = kind;
    const other = OTHER[kind];
    await this.dataSource.transaction(async (manager) => {
      await lockLists(manager);
      // A worker that computed on a newer version of an item got here first: keep its result.
      const current = await this.states(kind, lists.map((l) => l.id), manager);
      const fresh = lists.filter((l) => {
        const item = current.get(l.id);
        return item && !(item.matchedWeights === weightsVersion && (item.matchedVersion ?? 0) > l.version);
      });
      if (!fresh.length) return;
      const items = fresh.map((l) => l.id);
      const pairs = fresh.flatMap((l) => l.pairs);
      const counterparts = [...new Set(pairs.map((p) => (kind === 'demand' ? p.achievementId : p.demandId)))];
      // Pairs that left an item's list leave the counterparts' lists too: their score there
      // was computed on the item's earlier text.
      await manager.query(
        `UPDATE matches SET ${own}_score = NULL, ${other}_score = NULL, updated_at = now(), version = version + 1
         WHERE ${own}_id = ANY($1::uuid[]) AND (${own}_score IS NOT NULL OR ${other}_score IS NOT NULL)
           AND (demand_id, achievement_id) NOT IN (SELECT * FROM unnest($2::uuid[], $3::uuid[]))`,
        [items, pairs.map((p) => p.demandId), pairs.map((p) => p.achievementId)],
      );
      await this.upsert(manager, own, pairs);
      await this.trimLists(manager, other, counterparts);
      await this.deleteUnused(manager, `(m.${own}_id = ANY($1::uuid[]) OR m.${other}_id = ANY($2::uuid[]))`, [items, counterparts]);
      await this.markMatched(manager, kind, fresh, weightsVersion);
    });
  }

  /** An item that left matching (closed, archived, …): out of every list; what people acted on stays. */
  async withdraw(kind: CatalogKind, id: string, version: number, weightsVersion: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await lockLists(manager);
      // Matchable again since the caller looked (re-published): its own job will match it.
      const [item]: Array<{ matchable: boolean }> = await manager.query(
        `SELECT (${MATCHABLE_SQL}) AS matchable FROM ${TABLE_OF[kind]} WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!item || item.matchable) return;
      await manager.query(
        `UPDATE matches SET demand_score = NULL, achievement_score = NULL, updated_at = now(), version = version + 1
         WHERE ${kind}_id = $1 AND (demand_score IS NOT NULL OR achievement_score IS NOT NULL)`,
        [id],
      );
      await this.deleteUnused(manager, `m.${kind}_id = $1`, [id]);
      await this.markMatched(manager, kind, [{ id, version }], weightsVersion);
    });
  }

  /**
   * Writes the pairs into their items' lists. A pair new to its counterpart's list enters it
   * when it beats the list's current last place (trimLists then cuts the list back): one write
   * per row, where inserting and then admitting would write each new row twice.
   */
  private async upsert(manager: EntityManager, own: CatalogKind, pairs: readonly ScoredPair[]): Promise<void> {
    const other = OTHER[own];
    const records = pairs.map((p) => ({
      demand_id: p.demandId,
      achievement_id: p.achievementId,
      demand_version: p.demandVersion,
      achievement_version: p.achievementVersion,
      score: p.score,
      components: p.components,
      explanation: p.explanation,
      weights_version: p.weightsVersion,
    }));
    await manager.query(
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(demand_id uuid, achievement_id uuid, demand_version int, achievement_version int, score real, components jsonb, explanation jsonb, weights_version text)
       ), floors AS (
         SELECT o.id, (SELECT c.${other}_score FROM matches c WHERE c.${other}_id = o.id AND c.${other}_score IS NOT NULL
                       ORDER BY c.${other}_score DESC OFFSET ${TOP_MATCHES - 1} LIMIT 1) AS floor
         FROM (SELECT DISTINCT ${other}_id AS id FROM r) o
       )
       INSERT INTO matches (demand_id, achievement_id, demand_version, achievement_version, score, ${own}_score, ${other}_score, components, explanation, weights_version, computed_at, version)
       SELECT r.demand_id, r.achievement_id, r.demand_version, r.achievement_version, r.score, r.score,
              CASE WHEN r.score > COALESCE(f.floor, -1) THEN r.score END, r.components, r.explanation, r.weights_version, now(), 1
       FROM r JOIN floors f ON f.id = r.${other}_id
       ON CONFLICT (demand_id, achievement_id) DO UPDATE SET
         demand_version = EXCLUDED.demand_version, achievement_version = EXCLUDED.achievement_version,
         score = EXCLUDED.score, ${own}_score = EXCLUDED.score,
         ${other}_score = CASE WHEN matches.${other}_score IS NULL AND EXCLUDED.${other}_score IS NULL THEN NULL ELSE EXCLUDED.score END,
         components = EXCLUDED.components, explanation = EXCLUDED.explanation, weights_version = EXCLUDED.weights_version,
         computed_at = now(), updated_at = now(), version = matches.version + 1
       WHERE (matches.score, matches.${own}_score, matches.${other}_score, matches.components, matches.explanation, matches.weights_version, matches.demand_version, matches.achievement_version)
         IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.score,
                           CASE WHEN matches.${other}_score IS NULL AND EXCLUDED.${other}_score IS NULL THEN NULL ELSE EXCLUDED.score END,
                           EXCLUDED.components, EXCLUDED.explanation, EXCLUDED.weights_version, EXCLUDED.demand_version, EXCLUDED.achievement_version)`,
      [JSON.stringify(records)],
    );
  }

  private async trimLists(manager: EntityManager, side: CatalogKind, ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    await manager.query(
      `UPDATE matches m SET ${side}_score = NULL, updated_at = now(), version = m.version + 1
       FROM (SELECT id, row_number() OVER (PARTITION BY ${side}_id ORDER BY ${side}_score DESC, id) AS rank
             FROM matches WHERE ${side}_id = ANY($1::uuid[]) AND ${side}_score IS NOT NULL) ranked
       WHERE m.id = ranked.id AND ranked.rank > ${TOP_MATCHES}`,
      [ids],
    );
  }

  private async deleteUnused(manager: EntityManager, where: string, params: unknown[]): Promise<void> {
    await manager.query(
      `DELETE FROM matches m WHERE ${where} AND m.demand_score IS NULL AND m.achievement_score IS NULL AND m.state = 'suggested'
         AND NOT EXISTS (SELECT 1 FROM match_feedback f WHERE f.match_id = m.id)`,
      params,
    );
  }

  private async markMatched(manager: EntityManager, kind: CatalogKind, items: ReadonlyArray<{ id: string; version: number }>, weightsVersion: string): Promise<void> {
    // A raw update: neither `version` nor `updated_at` moves, so this is not a change of the item.
    await manager.query(
      `UPDATE ${TABLE_OF[kind]} t SET matched_version = v.version, matched_at = now(), matched_weights = $3
       FROM unnest($1::uuid[], $2::int[]) AS v(id, version)
       WHERE t.id = v.id AND (t.matched_version IS DISTINCT FROM v.version OR t.matched_weights IS DISTINCT FROM $3)`,
      [items.map((i) => i.id), items.map((i) => i.version), weightsVersion],
    );
  }

  /** What people did with earlier matches, for the engine's feedback component. */
  feedbackEvents(): Promise<FeedbackEvent[]> {
    return readFeedbackEvents((sql) => this.dataSource.query(sql));
  }
}
