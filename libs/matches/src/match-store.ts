import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CatalogKind } from '@techbridge/domain';
import type { FeedbackEvent, Match as ScoredPair } from '@techbridge/matching';
import { DataSource, type EntityManager } from 'typeorm';
import { readFeedbackEvents } from './feedback-events';
import { MATCHABLE_SQL, TABLE_OF } from './matchable-items';

/** How many counterparts each item keeps, in each direction. */
export const TOP_MATCHES = 50;

const OTHER: Readonly<Record<CatalogKind, CatalogKind>> = { demand: 'achievement', achievement: 'demand' };

/**
 * Writes one item's computed matches. One row per pair (see the Match entity): the item's own
 * list is replaced, the pairs enter their counterparts' lists (each trimmed back to its best
 * TOP_MATCHES), and pairs nobody acted on that fell out of every list are deleted. Unchanged
 * rows are not touched, so writing the same result twice changes nothing.
 */
@Injectable()
export class MatchStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The item's version, and the version and weights its stored matches were computed for. */
  async state(kind: CatalogKind, id: string): Promise<{ version: number; matchedVersion: number | null; matchedWeights: string | null } | undefined> {
    const rows: Array<{ version: number; matched_version: number | null; matched_weights: string | null }> = await this.dataSource.query(
      `SELECT version, matched_version, matched_weights FROM ${TABLE_OF[kind]} WHERE id = $1`,
      [id],
    );
    return rows[0] && { version: rows[0].version, matchedVersion: rows[0].matched_version, matchedWeights: rows[0].matched_weights };
  }

  /** Replaces the item's list with `pairs` (computed on `version`) and marks it matched. */
  async store(kind: CatalogKind, id: string, version: number, weightsVersion: string, pairs: readonly ScoredPair[]): Promise<void> {
    const own = kind;
    const other = OTHER[kind];
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
    const counterparts = pairs.map((p) => (kind === 'demand' ? p.achievementId : p.demandId));
    await this.dataSource.transaction(async (manager) => {
      // A worker that computed on a newer version of the item got here first: keep its result.
      const [item]: Array<{ matched_version: number | null; matched_weights: string | null }> = await manager.query(
        `SELECT matched_version, matched_weights FROM ${TABLE_OF[kind]} WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!item || (item.matched_weights === weightsVersion && (item.matched_version ?? 0) > version)) return;
      await manager.query(
        `INSERT INTO matches (demand_id, achievement_id, demand_version, achievement_version, score, ${own}_score, components, explanation, weights_version, computed_at, version)
         SELECT r.demand_id, r.achievement_id, r.demand_version, r.achievement_version, r.score, r.score, r.components, r.explanation, r.weights_version, now(), 1
         FROM jsonb_to_recordset($1::jsonb) AS r(demand_id uuid, achievement_id uuid, demand_version int, achievement_version int, score real, components jsonb, explanation jsonb, weights_version text)
         ON CONFLICT (demand_id, achievement_id) DO UPDATE SET
           demand_version = EXCLUDED.demand_version, achievement_version = EXCLUDED.achievement_version,
           score = EXCLUDED.score, ${own}_score = EXCLUDED.score,
           ${other}_score = CASE WHEN matches.${other}_score IS NULL THEN NULL ELSE EXCLUDED.score END,
           components = EXCLUDED.components, explanation = EXCLUDED.explanation, weights_version = EXCLUDED.weights_version,
           computed_at = now(), updated_at = now(), version = matches.version + 1
         WHERE (matches.score, matches.${own}_score, matches.components, matches.explanation, matches.weights_version, matches.demand_version, matches.achievement_version)
           IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.score, EXCLUDED.components, EXCLUDED.explanation, EXCLUDED.weights_version, EXCLUDED.demand_version, EXCLUDED.achievement_version)`,
        [JSON.stringify(records)],
      );
      // Pairs that left the item's list leave the counterparts' lists too: their score there
      // was computed on the item's earlier text.
      await manager.query(
        `UPDATE matches SET ${own}_score = NULL, ${other}_score = NULL, updated_at = now(), version = version + 1
         WHERE ${own}_id = $1 AND NOT (${other}_id = ANY($2::uuid[])) AND (${own}_score IS NOT NULL OR ${other}_score IS NOT NULL)`,
        [id, counterparts],
      );
      await manager.query(
        `UPDATE matches SET ${other}_score = score, updated_at = now(), version = version + 1
         WHERE ${own}_id = $1 AND ${other}_id = ANY($2::uuid[]) AND ${other}_score IS NULL
           AND score > COALESCE((SELECT c.${other}_score FROM matches c WHERE c.${other}_id = matches.${other}_id AND c.${other}_score IS NOT NULL
                                 ORDER BY c.${other}_score DESC OFFSET ${TOP_MATCHES - 1} LIMIT 1), -1)`,
        [id, counterparts],
      );
      await this.trimLists(manager, other, counterparts);
      await this.deleteUnused(manager, `(m.${own}_id = $1 OR m.${other}_id = ANY($2::uuid[]))`, [id, counterparts]);
      await this.markMatched(manager, kind, id, version, weightsVersion);
    });
  }

  /** An item that left matching (closed, archived, …): out of every list; what people acted on stays. */
  async withdraw(kind: CatalogKind, id: string, version: number, weightsVersion: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
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
      await this.markMatched(manager, kind, id, version, weightsVersion);
    });
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

  private async markMatched(manager: EntityManager, kind: CatalogKind, id: string, version: number, weightsVersion: string): Promise<void> {
    // A raw update: neither `version` nor `updated_at` moves, so this is not a change of the item.
    await manager.query(
      `UPDATE ${TABLE_OF[kind]} SET matched_version = $2, matched_at = now(), matched_weights = $3
       WHERE id = $1 AND (matched_version IS DISTINCT FROM $2 OR matched_weights IS DISTINCT FROM $3)`,
      [id, version, weightsVersion],
    );
  }

  /** What people did with earlier matches, for the engine's feedback component. */
  feedbackEvents(): Promise<FeedbackEvent[]> {
    return readFeedbackEvents((sql) => this.dataSource.query(sql));
  }
}
