import { type Actor, ConflictError, ForbiddenError, hasRole, MEMBER_RANK, type MemberRole, type User } from '@techbridge/domain';

export type RoleChange = { kind: 'set'; to: MemberRole } | { kind: 'transfer_ownership'; previousOwnerBecomes: 'admin' };

/**
 * Whether the caller (who manages the organisation's members: checked before) may give `target`
 * the role `to`, and what that means. Making someone owner transfers the ownership: the owner
 * (or a platform admin) hands it over and the previous owner becomes an admin, so there is always
 * exactly one owner. Otherwise one changes only roles below one's own, to at most one's own.
 */
export function roleChange(actor: Actor, target: Pick<User, 'id' | 'memberRole'>, to: MemberRole): RoleChange {
  const platformAdmin = hasRole(actor, 'admin');
  if (target.id === actor.userId && !platformAdmin) throw new ConflictError('own_role', 'you cannot change your own role: another of the organisation’s administrators does');
  if (target.memberRole === to) throw new ConflictError('role_unchanged', `the member is ${to} already`);
  if (to === 'owner') {
    if (!platformAdmin && actor.memberRole !== 'owner') throw new ForbiddenError('owner_only', 'only the owner hands the ownership over');
    return { kind: 'transfer_ownership', previousOwnerBecomes: 'admin' };
  }
  if (target.memberRole === 'owner') throw new ConflictError('owner_role', 'the owner keeps the role until handing the ownership to another member');
  if (!platformAdmin && (MEMBER_RANK[actor.memberRole] <= MEMBER_RANK[target.memberRole] || MEMBER_RANK[actor.memberRole] < MEMBER_RANK[to])) {
    throw new ForbiddenError('outranked', `a ${actor.memberRole} cannot make a ${target.memberRole} ${to}`);
  }
  return { kind: 'set', to };
}

/**
 * Whether the caller (who manages the organisation's members: checked before) may remove `target`
 * from it: never the owner; a platform admin anyone else; others only members below their own rank,
 * so one admin cannot push another out.
 */
export function assertMayRemove(actor: Actor, target: Pick<User, 'id' | 'memberRole'>): void {
  if (target.memberRole === 'owner') throw new ConflictError('cannot_remove_owner', 'the owner cannot be removed');
  if (hasRole(actor, 'admin')) return;
  if (MEMBER_RANK[actor.memberRole] <= MEMBER_RANK[target.memberRole]) {
    throw new ForbiddenError('outranked', `a ${actor.memberRole} removes only members of a lower rank (this one is ${target.memberRole})`);
  }
}
