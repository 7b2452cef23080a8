import { RateLimitedError, type User, ValidationError } from '@techbridge/domain';
import type { DataSource } from 'typeorm';
import { passwordMatches } from './passwords';

/** After this many consecutive failures each further failure doubles the lock-out, up to the cap. */
const FREE_FAILURES = 5;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

/**
 * Wrong passwords count against the account wherever a password is checked (signing in, and
 * confirming it before a change), so a stolen access token cannot be used to guess it either.
 */
export function assertNotLocked(user: Pick<User, 'lockedUntil'> | null): void {
  if (user?.lockedUntil && user.lockedUntil > new Date()) {
    throw new RateLimitedError((user.lockedUntil.getTime() - Date.now()) / 1000, 'too many failed sign-ins; the account is locked for a while');
  }
}

/** Counts the failure atomically (parallel guesses all count) and locks the account past the threshold. */
export async function recordWrongPassword(dataSource: DataSource, userId: string): Promise<void> {
  await dataSource.query(
    `UPDATE users SET failed_logins = failed_logins + 1,
       locked_until = CASE WHEN failed_logins + 1 >= $2
         THEN now() + make_interval(secs => LEAST($3::double precision, $4::double precision * power(2, failed_logins + 1 - $2)) / 1000)
         ELSE locked_until END
     WHERE id = $1`,
    [userId, FREE_FAILURES, MAX_LOCK_MS, FIRST_LOCK_MS],
  );
}

/**
 * A signed-in user confirms their password before a change to the account (a new password,
 * closing it): refused while locked, and a wrong one counts like a failed sign-in.
 */
export async function confirmPassword(dataSource: DataSource, user: Pick<User, 'id' | 'passwordHash' | 'lockedUntil'>, password: string, field: string, message: string): Promise<void> {
  assertNotLocked(user);
  if (await passwordMatches(user.passwordHash, password)) return;
  await recordWrongPassword(dataSource, user.id);
  throw ValidationError.of(field, 'incorrect', message);
}
