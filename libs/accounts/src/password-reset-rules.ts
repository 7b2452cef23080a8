import { type Actor, ConflictError, ForbiddenError, hasRole, managesMembers, MEMBER_RANK, NotFoundError, seesMembers, type User } from '@techbridge/domain';

/** How long an issued reset token may be used: long enough to reach its user by phone or chat. */
export const RESET_TTL_MS = 24 * 3_600_000;
/** A user asking for a reset by mail again within this gets no second mail (a mailbox is not a target). */
export const RESET_REQUEST_INTERVAL_MS = 5 * 60_000;

export type ResetTarget = Pick<User, 'id' | 'organizationId' | 'memberRole' | 'platformRoles' | 'active'> & {
  /** In the 专家库 (an entry, approved or not) or appointed to a challenge's review panel. */
  expert: boolean;
};

/**
 * Who may issue a password reset for whom. Platform admins for anyone; an organisation's owner
 * or admin for its members of a lower rank. Never for an account holding a platform role
 * (organizer, broker, admin) or an expert's (专家库, review panels) unless the caller is a platform
 * admin: an organisation's admin must not be able to take over an account with powers beyond the
 * organisation (an expert reads and scores other organisations' applications).
 * `viaOrganization` is the organisation named in the route, when it names one; else it is the
 * platform admins' route.
 */
export function assertMayIssueReset(actor: Actor, targetId: string, target: ResetTarget | null, viaOrganization?: string): asserts target is ResetTarget {
  // Not through an organisation: the platform admins' route.
  if (viaOrganization === undefined && !hasRole(actor, 'admin')) throw new ForbiddenError('role_required', 'this needs the admin role');
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
  if (target.expert) {
    throw new ForbiddenError('expert_account', 'an expert resets their own password (忘记密码: POST /api/v1/auth/password-reset-requests) or asks a platform administrator');
  }
  if (MEMBER_RANK[actor.memberRole] <= MEMBER_RANK[target.memberRole]) {
    throw new ForbiddenError('outranked', `a ${actor.memberRole} cannot reset the password of the organisation’s ${target.memberRole}`);
  }
}

/**
 * Whether a reset someone issued for `target` may still be used: only while its issuer could issue
 * it now. Their own demotion or removal, or the target's new standing (an expert now, say), ends it.
 */
export function issuerMayStillReset(issuer: Pick<User, 'id' | 'email' | 'organizationId' | 'memberRole' | 'platformRoles' | 'active'> | null, target: ResetTarget): boolean {
  if (!issuer?.active) return false;
  const actor: Actor = {
    userId: issuer.id, email: issuer.email, organizationId: issuer.organizationId, organizationType: null, memberRole: issuer.memberRole, roles: issuer.platformRoles,
    brokerFor: [], actingFor: null, requestId: null, ip: null, sessionId: '',
  };
  // Anyone but a platform admin issues through the organisation, so judge it as such.
  const via = hasRole(actor, 'admin') ? undefined : target.organizationId;
  if (via === null) return false;
  try {
    assertMayIssueReset(actor, target.id, target, via);
    return true;
  } catch {
    return false;
  }
}
