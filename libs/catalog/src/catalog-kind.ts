import type { CatalogItem, CatalogKind, FieldProblem, OrganizationType } from '@techbridge/domain';
import type { Transition } from './rules/lifecycle';
import type { TaxonomySnapshot } from './rules/taxonomy-snapshot';
import type { Columns } from './io/columns';
import type { WeightedText } from './search/search-text';

export type CatalogEntity = CatalogItem & { status: string };

/**
 * Everything that differs between demands and achievements, so one implementation of the
 * catalogue's use cases (create, update, lifecycle, disclosure, search, import) serves both.
 */
export interface CatalogKindSpec<E extends CatalogEntity, I> {
  kind: CatalogKind;
  entity: new () => E;
  table: 'tech_demands' | 'achievements';
  /** Prefix of the amount columns: budget_min_wan… or price_min_wan… */
  amountColumn: 'budget' | 'price';
  /** Organisation types that may own items of this kind. */
  ownerTypes: readonly OrganizationType[];
  transitions: Readonly<Record<string, Transition<string>>>;
  editable: readonly string[];
  listed: readonly string[];
  archivable: readonly string[];
  problems(input: I, taxonomy: TaxonomySnapshot): FieldProblem[];
  /** Writes the input onto the entity's columns. */
  assign(entity: E, input: I): void;
  /** The entity as input again, so a partial update is validated as a whole. */
  toInput(entity: E): I;
  /** Every word of the item, by weight. */
  text(entity: E, taxonomy: TaxonomySnapshot): WeightedText;
  /** Spreadsheet columns for import and export. */
  columns(taxonomy: TaxonomySnapshot): Columns<I, E>;
  /** Values of the fields a new item may leave out (API or spreadsheet); an update leaves them as they are. */
  defaults: Partial<I>;
  /**
   * Items whose date has passed but which a scheduled job has yet to move on (a demand past its
   * 有效期 that is still published or in negotiation): shown as `to` until the job records it.
   */
  lapse?: { statuses: readonly string[]; dateColumn: string; to: string; lapsed(entity: E, today: string): boolean };
  /** A neutral title for a confidential item whose owner gave none, e.g. 装备制造领域技术需求. */
  defaultNeutralTitle(fieldLabel: string): string;
}
