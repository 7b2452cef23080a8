import { type Actor, type CatalogItem, hasRole, NotFoundError, ownOrganizations, ValidationError } from '@techbridge/domain';

/** How much of an item a caller may read: all of it, or (confidential) only its neutral face. */
export type Access = 'full' | 'redacted';

export const ownsItem = (actor: Actor | null, item: Pick<CatalogItem, 'organizationId'>): boolean =>
  !!actor && (hasRole(actor, 'admin') || ownOrganizations(actor).includes(item.organizationId));

/**
 * Listed for others: in a listed status and published at least once. An item closed (or otherwise
 * moved on) without ever being published stays its owner's alone, like a draft.
 */
export const isListed = (item: Pick<CatalogItem, 'publishedAt'> & { status: string }, listedStatuses: readonly string[]): boolean =>
  listedStatuses.includes(item.status) && !!item.publishedAt;

/**
 * The organisations whose disclosures count for the caller: while a broker acts for one organisation
 * (X-Acting-Organization), that one's alone, so that what one client was shown never carries over
 * into the work for another (a broker may serve competitors); otherwise every one it speaks for.
 */
export function disclosureHolders(actor: Actor | null): string[] {
  const own = ownOrganizations(actor);
  return actor?.actingFor ? own.filter((id) => id === actor.actingFor) : own;
}

/**
 * The one visibility rule for single items; lists apply the same rule in SQL (catalog-query).
 * `disclosedToCaller`: disclosed to one of `disclosureHolders(actor)`.
 * Null means the caller may not know the item exists (answered as 404).
 */
export function accessTo(
  actor: Actor | null,
  item: Pick<CatalogItem, 'organizationId' | 'visibility' | 'archivedAt' | 'publishedAt'> & { status: string },
  listedStatuses: readonly string[],
  disclosedToCaller: boolean,
): Access | null {
  if (ownsItem(actor, item)) return 'full';
  if (item.archivedAt || !isListed(item, listedStatuses)) return null;
  if (item.visibility === 'public') return 'full';
  if (!actor) return null;
  if (item.visibility === 'members') return 'full';
  return disclosedToCaller ? 'full' : 'redacted';
}

/**
 * Whether one organisation (not a caller) reads a listed item in full: its own, not confidential, or
 * disclosed to it. Asked of the organisation a request is made for (申请查看详情).
 */
export const organizationReads = (organizationId: string, item: Pick<CatalogItem, 'organizationId' | 'visibility'>, disclosedToIt: boolean): boolean =>
  item.organizationId === organizationId || item.visibility !== 'confidential' || disclosedToIt;

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
