import { ConflictError, type User } from '@techbridge/domain';
import type { EntityManager } from 'typeorm';

export const isActiveAdmin = (user: Pick<User, 'active' | 'platformRoles'>): boolean => user.active && user.platformRoles.includes('admin');

/**
 * Serialises every change that may leave the platform without an active admin (revoking the role,
 * deactivating, closing an account): otherwise two at once each count the other as the admin who
 * remains. Take it first in the transaction, before any row lock, so it never joins a deadlock.
 */
export async function lockPlatformAdmins(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['techbridge.platform_admins']);
}

/** Refuses (409 last_admin) what would leave no active admin but `userId`; call under lockPlatformAdmins. */
export async function assertAnotherActiveAdmin(manager: EntityManager, userId: string, message: string): Promise<void> {
  const [{ others }]: Array<{ others: number }> = await manager.query(`SELECT count(*)::int AS others FROM users WHERE active AND 'admin' = ANY(platform_roles) AND id <> $1`, [userId]);
  if (!others) throw new ConflictError('last_admin', message);
}
