import type { CatalogKind, MatchState } from '@techbridge/domain';
import { matchableSql } from './matchable-items';

/** A page of one item's matches. */
export interface MatchListQuery {
  page: number;
  pageSize: number;
  /** Only matches in these states (dismissed ones are listed only when asked for). */
  states?: readonly MatchState[];
}

/** Which matches an organisation follows, across all its demands and achievements. */
export interface MatchPipelineQuery extends MatchListQuery {
  /** Only matches of the organisation's demands, or of its achievements. */
  side?: CatalogKind;
  /** One organisation the caller acts for (an admin: any); default the one in X-Acting-Organization, else all of them. */
  organizationId?: string;
  /** Best score first (default), or the latest action first. */
  sort?: 'score' | 'changed';
}

export interface PipelineScope {
  /** Organisations whose side of a match is listed. */
  organizations: readonly string[];
  /** Of two sides the caller both acts for, the one this organisation owns is its side (as `sideFor` decides). */
  named: string;
  /** Organisations whose unlisted items the caller may still see as counterparts. */
  own: readonly string[];
  /** Admins see every counterpart. */
  everyCounterpart: boolean;
  listed: Readonly<Record<CatalogKind, readonly string[]>>;
}

/**
 * The page (each match's id, the side the caller is on and its own item there) and the count. Two branches, one per side,
 * so each walks the organisation's items and their matches by index (a disjunction over both joins
 * would read every match). The caller is on the demand side unless it acts for the achievement's
 * organisation and names it while the demand belongs to another.
 */
export function pipelineSql(scope: PipelineScope, query: MatchPipelineQuery): Record<'page' | 'count', { sql: string; params: unknown[] }> {
  // Each value is bound once, when a branch first uses it: PostgreSQL refuses parameters a statement never reads.
  const params: unknown[] = [];
  const bound = new Map<string, string>();
  const bind = (key: string, value: unknown): string => {
    if (!bound.has(key)) bound.set(key, `$${params.push(value)}`);
    return bound.get(key)!;
  };
  const orgs = () => bind('orgs', scope.organizations);
  const named = () => bind('named', scope.named);
  const visible = (item: 'a' | 'd', kind: CatalogKind) =>
    scope.everyCounterpart ? 'TRUE' : `${item}.organization_id = ANY(${bind('own', scope.own)}) OR (${item}.archived_at IS NULL AND ${item}.status = ANY(${bind(kind, scope.listed[kind])}))`;
  const achievementSide = () => `(a.organization_id = ${named()} AND d.organization_id <> ${named()})`;
  const branch = (side: CatalogKind) => `
    SELECT m.id, m.state, m.score, m.state_changed_at, '${side}' AS side, m.${side}_score AS side_score,
           ${side === 'demand' ? 'd' : 'a'}.id AS item_id, ${side === 'demand' ? 'd' : 'a'}.title AS item_title,
           ${side === 'demand' ? 'd' : 'a'}.organization_id AS item_organization_id,
           (${side === 'demand' ? visible('a', 'achievement') : visible('d', 'demand')}) AS counterpart_visible,
           (${matchableSql(side === 'demand' ? 'a' : 'd')}) AS counterpart_matchable
    FROM matches m JOIN tech_demands d ON d.id = m.demand_id JOIN achievements a ON a.id = m.achievement_id
    WHERE ${
      side === 'demand'
        ? `d.organization_id = ANY(${orgs()}) AND NOT (a.organization_id = ANY(${orgs()}) AND ${achievementSide()})`
        : `a.organization_id = ANY(${orgs()}) AND (NOT (d.organization_id = ANY(${orgs()})) OR ${achievementSide()})`
    }`;
  const sides: CatalogKind[] = query.side ? [query.side] : ['demand', 'achievement'];
  const union = sides.map(branch).join(' UNION ALL ');
  const state = query.states?.length ? `state = ANY(${bind('states', query.states)})` : `state <> 'dismissed'`;
  // A suggestion whose counterpart left matching (closed, archived…) is out at once, as its withdrawal will take it out.
  const seen = `SELECT * FROM (${union}) seen WHERE counterpart_visible AND (state <> 'suggested' OR (side_score IS NOT NULL AND counterpart_matchable)) AND ${state}`;
  const order = query.sort === 'changed' ? `state_changed_at DESC NULLS LAST, COALESCE(side_score, score) DESC` : `COALESCE(side_score, score) DESC`;
  return {
    page: { sql: `${seen} ORDER BY ${order}, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, params: [...params, query.pageSize, (query.page - 1) * query.pageSize] },
    count: { sql: `SELECT COUNT(*)::int AS total FROM (${seen}) counted`, params },
  };
}
