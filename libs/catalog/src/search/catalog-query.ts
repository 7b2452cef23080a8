import type { Actor, CatalogKind } from '@techbridge/domain';
import { hasRole, ownOrganizations } from '@techbridge/domain';
import { disclosureHolders } from '../access';
import { tsqueryLiteral } from './search-text';

export interface CatalogQuery {
  q?: string;
  fieldCode?: string;
  chainCode?: string;
  /** A GB/T 2260 prefix: 21 (province), 2102 (city) or a full code. */
  regionPrefix?: string;
  statuses?: string[];
  organizationId?: string;
  cooperationMode?: string;
  /** Overlap with the item's budget (demands) or price (achievements), in 万元; 面议 items always overlap. */
  amountMin?: number;
  amountMax?: number;
  /** Demands: the stage needed; achievements: the stage reached. */
  stage?: string;
  trlMin?: number;
  trlMax?: number;
  challengeOnly?: boolean;
  sort?: 'relevance' | 'newest' | 'updated';
  /** Words that may also match through their sub-words (the fallback when a strict search finds nothing). */
  relaxed?: ReadonlySet<string>;
  page: number;
  pageSize: number;
}

export interface CatalogQueryTarget {
  kind: CatalogKind;
  /** The entity's selectable columns, returned with each row so one round trip suffices. */
  columns: string[];
  table: string;
  amountColumn: string;
  listed: readonly string[];
  stageColumn: string;
  /** See CatalogKindSpec.lapse; `today` as YYYY-MM-DD in China. */
  lapse?: { statuses: readonly string[]; dateColumn: string; to: string; today: string };
}

/** SQL with numbered parameters, built one condition at a time. */
class Sql {
  readonly params: unknown[] = [];
  readonly where: string[] = [];
  p(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

/**
 * The list/search query. Visibility is decided in SQL by the same rule as `accessTo`: anonymous
 * callers see public listed items; signed-in callers also members-only and (redacted)
 * confidential ones; owners, their brokers and admins see their drafts too. Text and hidden-field
 * filters (amounts, modes, stage, TRL) only match what the caller may read in full, so neither a
 * search word nor a filter can probe a confidential item's hidden details; nor can the order:
 * sorted by `updated`, a row the caller reads redacted sorts by its publication, since when it
 * was last edited is hidden too.
 */
export function buildCatalogQuery(target: CatalogQueryTarget, actor: Actor | null, query: CatalogQuery): { sql: string; params: unknown[] } {
  const { sql, full, disclosed, status, tsquery } = matching(target, actor, query);
  const rank = tsquery ? `ts_rank(CASE WHEN ${full} THEN i.search_full ELSE i.search_open END, ${tsquery}, 1)` : '0';
  const sort = query.sort ?? (tsquery ? 'relevance' : 'newest');
  type Keys = { rank: string; published: string; created: string; updated: string; id: string };
  const order = (k: Keys) =>
    sort === 'relevance' && tsquery
      ? `${k.rank} DESC, ${k.published} DESC NULLS LAST, ${k.id}`
      : sort === 'updated'
        ? `${k.updated} DESC NULLS LAST, ${k.id}`
        : `${k.published} DESC NULLS LAST, ${k.created} DESC, ${k.id}`;
  // When a row was last edited, as far as the caller may know it (see above).
  const updated = `(CASE WHEN ${full} THEN i.updated_at ELSE i.published_at END)`;
  // Rank and page on narrow rows first; fetch the wide columns only for the page's rows.
  const text = `WITH a AS (SELECT ${disclosed} AS disclosed),
    hits AS (
      SELECT i.id, i.published_at, i.created_at, ${updated} AS sort_updated_at, ${status()} AS current_status, ${full} AS full_access, ${rank} AS rank, count(*) OVER () AS total
      FROM ${target.table} i CROSS JOIN a
      WHERE ${sql.where.join('\n        AND ')}
      ORDER BY ${order({ rank: 'rank', published: 'i.published_at', created: 'i.created_at', updated, id: 'i.id' })}
      LIMIT ${sql.p(query.pageSize)} OFFSET ${sql.p((query.page - 1) * query.pageSize)})
    SELECT ${target.columns.map((c) => `i."${c}"`).join(', ')}, hits.current_status, hits.full_access, hits.rank, hits.total
    FROM hits JOIN ${target.table} i ON i.id = hits.id
    ORDER BY ${order({ rank: 'hits.rank', published: 'hits.published_at', created: 'hits.created_at', updated: 'hits.sort_updated_at', id: 'hits.id' })}`;
  return { sql: text, params: sql.params };
}

/** How many items the list/search query matches in all (for a page past the last, which has no row to carry the count). */
export function buildCatalogCountQuery(target: CatalogQueryTarget, actor: Actor | null, query: CatalogQuery): { sql: string; params: unknown[] } {
  const { sql, disclosed } = matching(target, actor, query);
  const text = `WITH a AS (SELECT ${disclosed} AS disclosed)
    SELECT count(*) AS total FROM ${target.table} i CROSS JOIN a
    WHERE ${sql.where.join('\n      AND ')}`;
  return { sql: text, params: sql.params };
}

/**
 * The conditions of the list/search query (on `sql.where`), shared by the page and the count:
 * what the caller may see, its filters and its words. `status` is the status as it is (lapsed
 * items as the expiry job will record them); `tsquery`, the query's words as a tsquery expression.
 */
function matching(target: CatalogQueryTarget, actor: Actor | null, query: CatalogQuery): { sql: Sql; full: string; disclosed: string; status: () => string; tsquery: string | null } {
  const sql = new Sql();
  const { full, disclosed } = visibility(sql, target, actor);
  const lapse = target.lapse;
  // Built when first used, so that a query not using it carries no parameter it does not reference.
  let statusExpression: string | undefined;
  const status = (): string =>
    (statusExpression ??= lapse
      ? `(CASE WHEN i.status = ANY(${sql.p([...lapse.statuses])}::text[]) AND i.${lapse.dateColumn} < ${sql.p(lapse.today)}::date THEN ${sql.p(lapse.to)} ELSE i.status END)`
      : 'i.status');
  if (query.statuses?.length) sql.where.push(`${status()} = ANY(${sql.p(query.statuses)}::text[])`);
  if (query.fieldCode) sql.where.push(`i.field_code = ${sql.p(query.fieldCode)}`);
  if (query.chainCode) sql.where.push(`i.chain_codes @> ARRAY[${sql.p(query.chainCode)}]::text[]`);
  if (query.regionPrefix) {
    // A range on the code rather than LIKE: any b-tree serves it, whatever the collation.
    sql.where.push(`(i.region_code >= ${sql.p(query.regionPrefix)} AND i.region_code < ${sql.p(nextPrefix(query.regionPrefix))})`);
  }
  if (query.organizationId) {
    sql.where.push(`i.organization_id = ${sql.p(query.organizationId)}`);
    // Who owns a confidential item is itself hidden from those who may not read it.
    sql.where.push(full);
  }
  const hidden: string[] = [];
  if (query.cooperationMode) hidden.push(`i.cooperation_modes @> ARRAY[${sql.p(query.cooperationMode)}]::text[]`);
  const a = target.amountColumn;
  if (query.amountMin !== undefined) hidden.push(`(i.${a}_negotiable OR i.${a}_max_wan >= ${sql.p(query.amountMin)})`);
  if (query.amountMax !== undefined) hidden.push(`(i.${a}_negotiable OR i.${a}_min_wan <= ${sql.p(query.amountMax)})`);
  if (query.stage) hidden.push(`i.${target.stageColumn} = ${sql.p(query.stage)}`);
  if (query.trlMin !== undefined) hidden.push(`i.trl >= ${sql.p(query.trlMin)}`);
  if (query.trlMax !== undefined) hidden.push(`i.trl <= ${sql.p(query.trlMax)}`);
  if (query.challengeOnly) hidden.push('i.is_challenge');
  if (hidden.length) sql.where.push(`(${full} AND ${hidden.join(' AND ')})`);

  const words = query.q ? tsqueryLiteral(query.q, query.relaxed ?? false) : null;
  if (query.q && !words) sql.where.push('FALSE'); // only stop words: nothing can match
  const tsquery = words ? `${sql.p(words)}::tsquery` : null;
  if (tsquery) {
    // search_open is set only for confidential items (their neutral face); everything the caller
    // may read in full is searched through search_full.
    sql.where.push(`((i.search_full @@ ${tsquery} AND ${full}) OR i.search_open @@ ${tsquery})`);
  }
  return { sql, full, disclosed, status, tsquery };
}

/**
 * What the caller may see at all (pushed onto `sql.where`), the expression saying whether it may
 * read a row in full, and the caller's disclosed items (the CTE `a` the expression refers to).
 */
function visibility(sql: Sql, target: Pick<CatalogQueryTarget, 'kind' | 'table' | 'listed'>, actor: Actor | null): { full: string; disclosed: string } {
  const isAdmin = !!actor && hasRole(actor, 'admin');
  const listed = sql.p([...target.listed]);
  // Every parameter must be referenced (PostgreSQL cannot type one that is not): an admin's own organisations are not.
  const ownsRow = `(${isAdmin ? 'TRUE' : `i.organization_id = ANY(${sql.p(ownOrganizations(actor))}::uuid[])`})`;
  // Items disclosed to the caller (disclosureHolders), looked up once per query (an InitPlan in the CTE), not per row.
  const disclosed = `ARRAY(SELECT d.item_id FROM disclosures d WHERE d.item_kind = ${sql.p(target.kind)} AND d.organization_id = ANY(${sql.p(disclosureHolders(actor))}::uuid[]))`;
  const full = isAdmin ? 'TRUE' : !actor ? `(i.visibility <> 'confidential')` : `(${ownsRow} OR i.visibility <> 'confidential' OR i.id = ANY(a.disclosed))`;
  const visibleTo = actor ? `i.visibility IN ('public', 'members', 'confidential')` : `i.visibility = 'public'`;
  sql.where.push('i.archived_at IS NULL');
  // Listed as `isListed` has it: a listed status, and published at least once.
  sql.where.push(`(${ownsRow} OR (i.status = ANY(${listed}::text[]) AND i.published_at IS NOT NULL AND ${visibleTo}))`);
  return { full, disclosed };
}

/**
 * The query words that occur whole nowhere the caller may read: in the full text of items it may
 * read in full, or the neutral face of the others. Decided on readable text only, so that whether
 * a search falls back to sub-words never depends on (and so never reveals) hidden words.
 */
export function buildUnseenWordsQuery(target: Pick<CatalogQueryTarget, 'kind' | 'table' | 'listed'>, actor: Actor | null, words: string[], lexemes: string[]): { sql: string; params: unknown[] } {
  const sql = new Sql();
  const { full, disclosed } = visibility(sql, target, actor);
  const text = `WITH a AS (SELECT ${disclosed} AS disclosed)
    SELECT w.word FROM unnest(${sql.p(words)}::text[], ${sql.p(lexemes)}::text[]) AS w(word, lexeme)
    WHERE NOT EXISTS (
      SELECT 1 FROM ${target.table} i CROSS JOIN a
      WHERE ${sql.where.join('\n        AND ')}
        AND ((i.search_full @@ w.lexeme::tsquery AND ${full}) OR i.search_open @@ w.lexeme::tsquery))`;
  return { sql: text, params: sql.params };
}

/** The smallest code greater than every code with this prefix ('2102' → '2103'). */
function nextPrefix(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
