import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CatalogKind } from '@techbridge/domain';
import type { FeedbackEvent, Match as ScoredPair } from '@techbridge/matching';
import { DataSource } from 'typeorm';
import { readFeedbackEvents } from './feedback-events';
import { OTHER } from './match-access';
import { TABLE_OF } from './matchable-items';

/** How many counterparts each item keeps, in each direction. */
export const TOP_MATCHES = 50;

export interface ItemMatchState {
  readonly version: number;
  readonly matchedVersion: number | null;
  readonly matchedWeights: string | null;
}

/** One item's computed list, as the engine produced it on the item's `version`. */
export interface ComputedList {
  readonly id: string;
  readonly version: number;
  readonly pairs: readonly ScoredPair[];
}

/** PostgreSQL aborted the call to break a deadlock: try again. */
const DEADLOCK = '40P01';
const STORE_ATTEMPTS = 3;

/** A pair as the store procedures read it (jsonb_to_recordset). */
const record = (p: ScoredPair) => ({
  demand_id: p.demandId,
  achievement_id: p.achievementId,
  demand_version: p.demandVersion,
  achievement_version: p.achievementVersion,
  score: p.score,
  components: p.components,
  explanation: p.explanation,
  weights_version: p.weightsVersion,
});

/**
 * Every write to the lists takes this transaction-level lock. A list spans items (an
 * achievement's list holds pairs written by many demands' computations), so writers must
 * serialise for each list to stay at its best TOP_MATCHES, and for concurrent trims not to
 * deadlock. Each write is one procedure call, so the lock never waits on a worker's event loop.
 */
const LISTS_LOCK = 7_215_900_131;

/** The procedure call that stores a batch: SQL and parameters (exported for tests that call it bare). */
export function storeCall(kind: CatalogKind, lists: readonly ComputedList[], weightsVersion: string): [string, unknown[]] {
  const items = JSON.stringify(lists.map(({ id, version }) => ({ id, version })));
  const records = JSON.stringify(lists.flatMap((l) => l.pairs.map(record)));
  return [`CALL store_${kind}_matches($1::jsonb, $2::jsonb, $3, $4, $5)`, [items, records, weightsVersion, TOP_MATCHES, LISTS_LOCK]];
}

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
  async states(kind: CatalogKind, ids: readonly string[]): Promise<Map<string, ItemMatchState>> {
    const rows: Array<{ id: string; version: number; matched_version: number | null; matched_weights: string | null }> = await this.dataSource.query(
      `SELECT id, version, matched_version, matched_weights FROM ${TABLE_OF[kind]} WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { version: r.version, matchedVersion: r.matched_version, matchedWeights: r.matched_weights }]));
  }

  /**
   * For each item, the counterparts of its pairs people dismissed: their rows stay (history,
   * feedback, `restore`) but they take no place in the item's TOP_MATCHES.
   */
  async dismissedCounterparts(kind: CatalogKind, ids: readonly string[]): Promise<Map<string, Set<string>>> {
    const rows: Array<{ id: string; counterpart: string }> = await this.dataSource.query(
      `SELECT ${kind}_id AS id, ${OTHER[kind]}_id AS counterpart FROM matches WHERE ${kind}_id = ANY($1::uuid[]) AND state = 'dismissed'`,
      [ids],
    );
    const dismissed = new Map<string, Set<string>>();
    for (const r of rows) dismissed.set(r.id, (dismissed.get(r.id) ?? new Set()).add(r.counterpart));
    return dismissed;
  }

  /** Replaces one item's list with `pairs` (computed on `version`) and marks it matched. */
  store(kind: CatalogKind, id: string, version: number, weightsVersion: string, pairs: readonly ScoredPair[]): Promise<void> {
    return this.storeAll(kind, [{ id, version, pairs }], weightsVersion);
  }

  /**
   * `store` for many items of one kind in one call (a rebuild chunk writes in such batches): the
   * `store_<kind>_matches` procedure (migration MatchListsProcedure) writes the items' lists and
   * their counterparts' in one transaction under the lists lock, held only while PostgreSQL works.
   */
  async storeAll(kind: CatalogKind, lists: readonly ComputedList[], weightsVersion: string): Promise<void> {
    if (!lists.length) return;
    await this.call(...storeCall(kind, lists, weightsVersion));
  }

  /** An item that left matching (closed, archived, …): out of every list; what people acted on stays. */
  async withdraw(kind: CatalogKind, id: string, version: number, weightsVersion: string): Promise<void> {
    await this.call(`CALL withdraw_${kind}_match($1, $2, $3, $4)`, [id, version, weightsVersion, LISTS_LOCK]);
  }

  /**
   * Runs one store procedure. Should PostgreSQL abort it to break a deadlock (with a user's
   * action on a match, say), it is made again: the procedures are idempotent.
   */
  private async call(sql: string, params: unknown[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.dataSource.query(sql, params);
        return;
      } catch (err) {
        if (attempt >= STORE_ATTEMPTS || (err as { code?: string }).code !== DEADLOCK) throw err;
      }
    }
  }

  /** What people did with earlier matches, for the engine's feedback component. */
  feedbackEvents(): Promise<FeedbackEvent[]> {
    return readFeedbackEvents((sql) => this.dataSource.query(sql));
  }
}
