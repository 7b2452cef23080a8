import { ownOrganizations } from '@techbridge/catalog';
import { type Actor, type CatalogKind, ForbiddenError, hasRole, ValidationError } from '@techbridge/domain';

/** One side of a match: the kind of its item and the organisation that owns it. */
export interface MatchSide {
  kind: CatalogKind;
  organization_id: string;
}

/**
 * The side of a match the caller is on, or undefined when it is on neither (answered as 404).
 * A caller on a side is one acting for its organisation: as a member, or as a broker serving it
 * (restricted to the organisation named in X-Acting-Organization when one is named). A caller on
 * both sides (a broker serving both) must name the one it acts for before writing, so feedback
 * and actions are never filed under the other party. Admins read any match (as the demand side)
 * but act on none: feedback and actions belong to the parties.
 */
export function sideFor(actor: Actor, sides: readonly MatchSide[], write: boolean): MatchSide | undefined {
  const orgs = ownOrganizations(actor);
  let mine = sides.filter((s) => orgs.includes(s.organization_id));
  if (actor.actingFor) mine = mine.filter((s) => s.organization_id === actor.actingFor);
  else if (mine.some((s) => s.organization_id === actor.organizationId)) mine = mine.filter((s) => s.organization_id === actor.organizationId);
  // Both items of one organisation: whichever side, the same party speaks.
  if (mine.length > 0 && (!write || new Set(mine.map((s) => s.organization_id)).size === 1)) return mine[0];
  if (mine.length > 1) {
    throw ValidationError.of('X-Acting-Organization', 'ambiguousSide', 'you act for both sides of this match; name the organisation you act for in the X-Acting-Organization header');
  }
  if (!hasRole(actor, 'admin')) return undefined;
  if (write) throw new ForbiddenError('not_a_side', 'only the demand’s or the achievement’s side gives feedback on or acts on a match');
  return sides.find((s) => s.kind === 'demand');
}
