import type { CatalogEntity, CatalogKindSpec } from '../catalog-kind';
import type { TaxonomySnapshot } from '../rules/taxonomy-snapshot';
import { tsvectorLiteral } from './search-text';

/**
 * The two search vectors of an item. `full` has every word. `open` is what may be searched by
 * callers who see only a confidential item's neutral face; for any other item it is null, since
 * those callers read it in full anyway (and a second GIN entry per item would double the cost of
 * every write).
 */
export function itemVectors<E extends CatalogEntity, I>(spec: CatalogKindSpec<E, I>, item: E, taxonomy: TaxonomySnapshot): { full: string; open: string | null } {
  const text = spec.text(item, taxonomy);
  const full = tsvectorLiteral(text);
  if (item.visibility !== 'confidential') return { full, open: null };
  // Field and chain labels stay searchable; keywords are details, so they are left out.
  return { full, open: tsvectorLiteral({ A: [item.neutralTitle], B: text.B.slice(item.keywords.length), C: [] }) };
}
