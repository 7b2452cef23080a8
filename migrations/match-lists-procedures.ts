// The SQL of the match-list procedures, shared by the migrations that create and replace them.

export type Kind = 'demand' | 'achievement';
const TABLE: Record<Kind, string> = { demand: 'tech_demands', achievement: 'achievements' };
const OTHER: Record<Kind, Kind> = { demand: 'achievement', achievement: 'demand' };

/** Rows nobody acted on and no list holds any more. */
const unused = (m: string) =>
  `${m}.demand_score IS NULL AND ${m}.achievement_score IS NULL AND ${m}.state = 'suggested'
   AND NOT EXISTS (SELECT 1 FROM match_feedback f WHERE f.match_id = ${m}.id)`;

export interface ProcedureOptions {
  /** CREATE OR REPLACE (a later migration changing a body) instead of CREATE. */
  replace: boolean;
  /**
   * Lock the rows about to be deleted before deciding, in a statement of its own. A DELETE
   * judges "no feedback" by the snapshot it started with; when it then waits on a row a
   * feedback transaction holds, it deletes the row anyway once that commits, and the
   * feedback with it (ON DELETE CASCADE). After the lock, the DELETE's own, later snapshot
   * sees the feedback that committed meanwhile.
   */
  lockBeforeDelete: boolean;
  /**
   * A pair that left an item's list stays in the counterpart's list when it was scored on the
   * item's current version (a retry, a rebuild, a new computation of an unchanged item): only a
   * score computed on an earlier version is stale there. Without it, every recomputation of an
   * item took it out of the lists of counterparts that rank it but that it does not rank.
   */
  keepUnchangedCounterparts?: boolean;
  /**
   * A dismissed pair keeps its row (and its score, so restoring it shows it at its rank) but takes
   * no place in a counterpart's list: the floor a new pair must beat and the trim count only pairs
   * that can still be suggested. Without it, every dismissal left a list one suggestion short.
   */
  dismissedTakeNoPlace?: boolean;
}

const create = (options: ProcedureOptions) => (options.replace ? 'CREATE OR REPLACE PROCEDURE' : 'CREATE PROCEDURE');

function deleteUnused(where: string, options: ProcedureOptions): string {
  const lock = `PERFORM 1 FROM matches m WHERE ${where} AND m.demand_score IS NULL AND m.achievement_score IS NULL AND m.state = 'suggested' ORDER BY m.id FOR UPDATE;
      `;
  return `${options.lockBeforeDelete ? lock : ''}DELETE FROM matches m WHERE ${where} AND ${unused('m')};`;
}

/** Of the rows in a list (of `alias`), those that take a place in it. */
const takesPlace = (options: ProcedureOptions, alias = '') => (options.dismissedTakeNoPlace ? ` AND ${alias && `${alias}.`}state <> 'dismissed'` : '');

/** The `top`-th best score of the counterpart's list `list` (NULL while it has room). */
const floorOf = (other: Kind, list: string, options: ProcedureOptions) =>
  `(SELECT c.${other}_score FROM matches c WHERE c.${other}_id = ${list} AND c.${other}_score IS NOT NULL${takesPlace(options, 'c')}
    ORDER BY c.${other}_score DESC OFFSET top - 1 LIMIT 1)`;

/** Pairs that left an item's list: out of it, and out of the counterparts' lists where their score is stale. */
function leaveLists(own: Kind, options: ProcedureOptions): string {
  const other = OTHER[own];
  const left = `(demand_id, achievement_id) NOT IN (SELECT p.demand_id, p.achievement_id FROM jsonb_to_recordset(pairs) AS p(demand_id uuid, achievement_id uuid))`;
  if (!options.keepUnchangedCounterparts) {
    return `-- Pairs that left an item's list leave the counterparts' lists too: their score there
      -- was computed on the item's earlier text.
      UPDATE matches SET ${own}_score = NULL, ${other}_score = NULL, updated_at = now(), version = version + 1
      WHERE ${own}_id = ANY(fresh) AND (${own}_score IS NOT NULL OR ${other}_score IS NOT NULL)
        AND ${left};`;
  }
  return `-- Pairs that left an item's list leave the counterparts' lists too where their score there
      -- was computed on the item's earlier text; scored on its current version, they stay.
      UPDATE matches m SET ${own}_score = NULL,
        ${other}_score = CASE WHEN m.${own}_version = l.version THEN m.${other}_score END, updated_at = now(), version = m.version + 1
      FROM jsonb_to_recordset(lists) AS l(id uuid, version int)
      WHERE m.${own}_id = l.id AND l.id = ANY(fresh)
        AND (m.${own}_score IS NOT NULL OR (m.${other}_score IS NOT NULL AND m.${own}_version IS DISTINCT FROM l.version))
        AND (m.demand_id, m.achievement_id) NOT IN (SELECT p.demand_id, p.achievement_id FROM jsonb_to_recordset(pairs) AS p(demand_id uuid, achievement_id uuid));`;
}

/**
 * `store_<kind>_matches(lists, pairs, weights, top, lists_lock)` writes a batch of computed lists
 * (MatchStore.storeAll) in one call and one transaction, under the lists lock: the items' own
 * lists, their pairs' rows (a pair enters its counterpart's list when it beats the list's last
 * place), the counterparts' lists trimmed back to their best `top`, rows no list holds deleted,
 * and the items' matching state. A list spans items (an achievement's list holds pairs written by
 * many demands' computations), so its writers take turns: each sees every earlier writer's rows.
 *
 * Being one statement from the client, the transaction never waits on the worker's event loop
 * between statements, so the lock is held only while PostgreSQL works. (Writing the own lists
 * outside the lock and only the counterparts' lists under it was tried: writers of the two kinds,
 * the row locks of pairs and the foreign-key locks of items then deadlock.)
 */
export function storeProcedure(own: Kind, options: ProcedureOptions): string {
  const other = OTHER[own];
  return `
    ${create(options)} store_${own}_matches(lists jsonb, pairs jsonb, weights text, top int, lists_lock bigint) LANGUAGE plpgsql AS $$
    DECLARE
      fresh uuid[];
      counterparts uuid[];
    BEGIN
      PERFORM pg_advisory_xact_lock(lists_lock);
      -- A writer that computed on a newer version of an item got here first: keep its result.
      SELECT coalesce(array_agg(t.id), '{}') INTO fresh
      FROM ${TABLE[own]} t JOIN jsonb_to_recordset(lists) AS l(id uuid, version int) ON l.id = t.id
      WHERE NOT (t.matched_weights IS NOT DISTINCT FROM weights AND coalesce(t.matched_version, 0) > l.version);
      IF cardinality(fresh) = 0 THEN RETURN; END IF;

      ${leaveLists(own, options)}

      -- A pair new to its counterpart's list enters it when it beats the list's last place (the
      -- trim below cuts the list back): one write per new row.
      WITH r AS (
        SELECT * FROM jsonb_to_recordset(pairs) AS r(demand_id uuid, achievement_id uuid, demand_version int, achievement_version int, score real, components jsonb, explanation jsonb, weights_version text)
        WHERE r.${own}_id = ANY(fresh)
      ), floors AS (
        SELECT o.id, ${floorOf(other, 'o.id', options)} AS floor FROM (SELECT DISTINCT ${other}_id AS id FROM r) o
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
                          EXCLUDED.components, EXCLUDED.explanation, EXCLUDED.weights_version, EXCLUDED.demand_version, EXCLUDED.achievement_version);

      SELECT coalesce(array_agg(DISTINCT p.${other}_id), '{}') INTO counterparts
      FROM jsonb_to_recordset(pairs) AS p(demand_id uuid, achievement_id uuid) WHERE p.${own}_id = ANY(fresh);
      UPDATE matches m SET ${other}_score = NULL, updated_at = now(), version = m.version + 1
      FROM (SELECT id, row_number() OVER (PARTITION BY ${other}_id ORDER BY ${other}_score DESC, id) AS rank
            FROM matches WHERE ${other}_id = ANY(counterparts) AND ${other}_score IS NOT NULL${takesPlace(options)}) ranked
      WHERE m.id = ranked.id AND ranked.rank > top;
      ${deleteUnused(`(m.${own}_id = ANY(fresh) OR m.${other}_id = ANY(counterparts))`, options)}

      -- Not a change of the item: neither its version nor updated_at moves.
      UPDATE ${TABLE[own]} t SET matched_version = l.version, matched_at = now(), matched_weights = weights
      FROM jsonb_to_recordset(lists) AS l(id uuid, version int)
      WHERE t.id = l.id AND t.id = ANY(fresh) AND (t.matched_version IS DISTINCT FROM l.version OR t.matched_weights IS DISTINCT FROM weights);
    END $$`;
}

/**
 * `withdraw_<kind>_match(id, version, weights, lists_lock)`: an item that left matching (closed,
 * archived, …) leaves every list; rows people acted on stay. One call, under the lists lock.
 */
export function withdrawProcedure(kind: Kind, options: ProcedureOptions): string {
  return `
    ${create(options)} withdraw_${kind}_match(item uuid, item_version int, weights text, lists_lock bigint) LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(lists_lock);
      -- Matchable again since the caller looked (re-published): its own job will match it.
      PERFORM 1 FROM ${TABLE[kind]} WHERE id = item AND NOT (status = 'published' AND archived_at IS NULL) FOR UPDATE;
      IF NOT FOUND THEN RETURN; END IF;
      UPDATE matches SET demand_score = NULL, achievement_score = NULL, updated_at = now(), version = version + 1
      WHERE ${kind}_id = item AND (demand_score IS NOT NULL OR achievement_score IS NOT NULL);
      ${deleteUnused(`m.${kind}_id = item`, options)}
      UPDATE ${TABLE[kind]} SET matched_version = item_version, matched_at = now(), matched_weights = weights
      WHERE id = item AND (matched_version IS DISTINCT FROM item_version OR matched_weights IS DISTINCT FROM weights);
    END $$`;
}
