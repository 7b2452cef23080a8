import { type Actor, type CatalogItem, hasRole, NotFoundError, ownOrganizations, ValidationError } from '@techbridge/domain';

/** How much of an item a caller may read: all of it, or (confidential) only its neutral face. */
export type Access = 'full' | 'redacted';

export const ownsItem = (actor: Actor | null, item: Pick<CatalogItem, 'organizationId'>): boolean =>
  !!actor && (hasRole(actor, 'admin') || ownOrganizations(actor).includes(item.organizationId));

/**
 * The one visibility rule for single items; lists apply the same rule in SQL (catalog-query).
 * Null means the caller may not know the item exists (answered as 404).
 */
export function accessTo(
  actor: Actor | null,
  item: Pick<CatalogItem, 'organizationId' | 'visibility' | 'archivedAt'> & { status: string },
  listedStatuses: readonly string[],
  disclosedToCaller: boolean,
): Access | null {
  if (ownsItem(actor, item)) return 'full';
  if (item.archivedAt || !listedStatuses.includes(item.status)) return null;
  if (item.visibility === 'public') return 'full';
  if (!actor) return null;
  if (item.visibility === 'members') return 'full';
  return disclosedToCaller ? 'full' : 'redacted';
}

/**
 * For a body naming a catalogue item: one the caller cannot see is, to it, no item at all, so the
 * 404 becomes a 400 naming the field (`.catch(unknownItemAs('demandId'))`).
 */
export const unknownItemAs =
  (field: string) =>
  (err: unknown): never => {
    if (err instanceof NotFoundError) throw ValidationError.of(field, 'unknown', `${field} names no item you can see`);
    throw err;
  };
