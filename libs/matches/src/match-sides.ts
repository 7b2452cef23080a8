import { type Actor, type CatalogKind, ForbiddenError, hasRole, ownOrganizations, ValidationError } from '@techbridge/domain';

/** One side of a match: the kind of its item and the organisation that owns it. */
export interface MatchSide {
  kind: CatalogKind;
  organization_id: string;
}

/**
 * The side of a match the caller is on, or undefined when it is on neither (answered as 404).
 * A caller is on a side when it acts for that side's organisation: as a member, or as a broker
 * serving it. The organisation named in X-Acting-Organization (else the caller's own) decides
 * between two sides; writing for an organisation on neither side is refused, and a broker serving
 * both parties must name one before writing, so feedback and actions are never filed under the
 * other party. Admins read any match (as the demand side) but act on none: feedback and actions
 * belong to the parties.
 */
export function sideFor<S extends MatchSide>(actor: Actor, sides: readonly S[], write: boolean): S | undefined {
  const orgs = ownOrganizations(actor);
  let mine = sides.filter((s) => orgs.includes(s.organization_id));
  const named = actor.actingFor ?? actor.organizationId;
  if (mine.some((s) => s.organization_id === named)) mine = mine.filter((s) => s.organization_id === named);
  else if (write && actor.actingFor && mine.length > 0) throw notASide('the organisation you act for is on neither side of this match');
  // Both items of one organisation: whichever side, the same party speaks.
  if (mine.length > 0 && (!write || new Set(mine.map((s) => s.organization_id)).size === 1)) return mine[0];
  if (mine.length > 1) {
    throw ValidationError.of('X-Acting-Organization', 'ambiguousSide', 'you act for both sides of this match; name the organisation you act for in the X-Acting-Organization header');
  }
  if (!hasRole(actor, 'admin')) return undefined;
  if (write) throw notASide('only the demand’s or the achievement’s side gives feedback on or acts on a match');
  return sides.find((s) => s.kind === 'demand');
}

const notASide = (message: string) => new ForbiddenError('not_a_side', message);
