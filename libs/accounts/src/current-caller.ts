import { type Actor, ForbiddenError, hasRole, type MemberRole, type OrganizationType, type PlatformRole, UnauthenticatedError } from '@techbridge/domain';
import type { EntityManager } from 'typeorm';
import type { ActorBase } from './actor-cache';

/**
 * Whom a session stands for, read in one round trip: the user, their organisation's type, whether the
 * session is still live (and theirs: a token naming another user's session is no use), and the
 * organisations they serve as a broker. `forShare`: the user's row stays locked until the transaction ends.
 */
export async function readActorBase(db: Pick<EntityManager, 'query'>, userId: string, sessionId: string, forShare = false): Promise<ActorBase | null> {
  const rows: Array<{
    id: string; email: string; organization_id: string | null; member_role: MemberRole; platform_roles: PlatformRole[];
    organization_type: OrganizationType | null; broker_for: string[] | null;
  }> = await db.query(
    `SELECT u.id, u.email, u.organization_id, u.member_role, u.platform_roles, o.type AS organization_type,
            (SELECT array_agg(b.organization_id) FROM broker_assignments b WHERE b.broker_user_id = u.id AND 'broker' = ANY(u.platform_roles)) AS broker_for
       FROM users u
       LEFT JOIN organizations o ON o.id = u.organization_id
      WHERE u.id = $1 AND u.active
        AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $2 AND t.user_id = u.id AND t.revoked_at IS NULL)
      ${forShare ? 'FOR SHARE OF u' : ''}`,
    [userId, sessionId],
  );
  const user = rows[0];
  if (!user) return null;
  return {
    userId: user.id,
    email: user.email,
    organizationId: user.organization_id,
    organizationType: user.organization_type,
    memberRole: user.member_role,
    roles: user.platform_roles,
    brokerFor: user.broker_for ?? [],
    sessionId,
  };
}

/**
 * The caller as committed now, for a write that hands on or takes away authority (an invitation, a
 * password reset, a change of members or roles): the request's actor may come from another replica's
 * cache, a few seconds old, from before a demotion. The caller's row stays locked FOR SHARE until the
 * write commits, so a demotion, removal or deactivation committed before is seen and one in flight
 * is waited for (and then revokes what this write gave: see revokeInvitationsSentBeyondAuthority).
 */
export async function lockCurrentCaller(manager: EntityManager, actor: Actor): Promise<Actor> {
  const base = await readActorBase(manager, actor.userId, actor.sessionId, true);
  if (!base) throw new UnauthenticatedError('invalid_token', 'the session has ended; sign in again');
  return { ...base, actingFor: actor.actingFor && base.brokerFor.includes(actor.actingFor) ? actor.actingFor : null, requestId: actor.requestId, ip: actor.ip };
}

/** lockCurrentCaller for the platform admins' routes: the route's guard judged the cached roles. */
export async function lockCurrentAdmin(manager: EntityManager, actor: Actor): Promise<Actor> {
  const caller = await lockCurrentCaller(manager, actor);
  if (!hasRole(caller, 'admin')) throw new ForbiddenError('role_required', 'this needs the admin role');
  return caller;
}

/**
 * Locks the caller (lockCaller) and the user they act on (lockTarget) in the order of their ids, as
 * every write judging a caller against a target does: two administrators acting on each other at once
 * then wait for one another rather than deadlock.
 */
export async function lockCallerAndTarget<C, T>(callerId: string, targetId: string, lockCaller: () => Promise<C>, lockTarget: () => Promise<T>): Promise<[C, T]> {
  if (targetId < callerId) {
    const target = await lockTarget();
    return [await lockCaller(), target];
  }
  const caller = await lockCaller();
  return [caller, await lockTarget()];
}
