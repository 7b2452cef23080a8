import { type Actor, ConflictError, ForbiddenError, hasRole, managesMembers, MEMBER_RANK, NotFoundError, seesMembers, type User } from '@techbridge/domain';

/** How long an issued reset token may be used: long enough to reach its user by phone or chat. */
export const RESET_TTL_MS = 24 * 3_600_000;
/** A user asking for a reset by mail again within this gets no second mail (a mailbox is not a target). */
export const RESET_REQUEST_INTERVAL_MS = 5 * 60_000;

export type ResetTarget = Pick<User, 'id' | 'organizationId' | 'memberRole' | 'platformRoles' | 'active'>;

/**
 * Who may issue a password reset for whom. Platform admins for anyone; an organisation's owner
 * or admin for its members of a lower rank. Never for an account holding a platform role
 * (organizer, broker, admin) unless the caller is a platform admin: an organisation's admin
 * must not be able to take over an account with powers beyond the organisation.
 * `viaOrganization` is the organisation named in the route, when it names one.
 */
export function assertMayIssueReset(actor: Actor, targetId: string, target: ResetTarget | null, viaOrganization?: string): asserts target is ResetTarget {
  if (viaOrganization !== undefined) {
    if (!seesMembers(actor, viaOrganization)) throw new NotFoundError('organization', viaOrganization);
    if (!managesMembers(actor, viaOrganization)) throw new ForbiddenError('not_organization_admin', 'only the organisation’s administrators reset its members’ passwords');
    if (!target || target.organizationId !== viaOrganization) throw new NotFoundError('member', targetId);
  }
  if (!target) throw new NotFoundError('user', targetId);
  if (target.id === actor.userId) throw new ConflictError('own_account', 'change your own password with POST /api/v1/me/password');
  if (!target.active) throw new ConflictError('account_deactivated', 'the account is deactivated; reactivate it first');
  if (hasRole(actor, 'admin')) return;
  if (target.platformRoles.length > 0) {
    throw new ForbiddenError('platform_role_holder', 'only platform administrators reset the password of an organizer, broker or admin');
  }
  if (MEMBER_RANK[actor.memberRole] <= MEMBER_RANK[target.memberRole]) {
    throw new ForbiddenError('outranked', `a ${actor.memberRole} cannot reset the password of the organisation’s ${target.memberRole}`);
  }
}
