import { type Invitation, MEMBER_RANK, type User } from '@techbridge/domain';
import type { EntityManager } from 'typeorm';

type Inviter = Pick<User, 'active' | 'platformRoles' | 'organizationId' | 'memberRole'>;

/**
 * Whether the sender of an invitation could still send it: active, and a platform admin or one of
 * the organisation's administrators of at least the rank it invites to. An invitation is the
 * sender's authority handed on; it must not outlive it.
 */
export function mayStillInvite(inviter: Inviter | null, invitation: Pick<Invitation, 'organizationId' | 'memberRole'>): boolean {
  if (!inviter?.active) return false;
  if (inviter.platformRoles.includes('admin')) return true;
  return inviter.organizationId === invitation.organizationId && inviter.memberRole !== 'member' && MEMBER_RANK[inviter.memberRole] >= MEMBER_RANK[invitation.memberRole];
}

/**
 * Revokes the pending invitations `userId` sent that they could no longer send (see mayStillInvite):
 * call it, in the same transaction, after demoting, removing, deactivating or closing the account,
 * so that someone pushed out cannot come back (or send a friend in) with an invitation sent before.
 */
export async function revokeInvitationsSentBeyondAuthority(manager: EntityManager, userId: string): Promise<void> {
  await manager.query(
    `UPDATE invitations i SET revoked_at = now()
       FROM users u
      WHERE u.id = $1 AND i.invited_by = u.id AND i.accepted_at IS NULL AND i.revoked_at IS NULL
        -- An owner's or admin's rank is at least that of any role one invites to (admin, member).
        AND NOT (u.active AND ('admin' = ANY(u.platform_roles) OR (u.organization_id = i.organization_id AND u.member_role IN ('owner', 'admin'))))`,
    [userId],
  );
}
