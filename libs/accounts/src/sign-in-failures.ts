import { RateLimitedError, type User, ValidationError } from '@techbridge/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { passwordMatches } from './passwords';

/** After this many consecutive failures each further failure doubles the lock-out, up to the cap. */
const FREE_FAILURES = 5;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

/**
 * Wrong passwords count against the e-mail address wherever a password is checked (signing in,
 * and confirming it before a change), so a stolen access token cannot be used to guess it either.
 * They count by address, not by account: an address without an account locks out after as many
 * guesses as one with, so neither 429 nor 401 tells whether an account exists.
 */
export async function assertNotLocked(db: DataSource | EntityManager, email: string): Promise<void> {
  const [locked]: Array<{ wait_ms: number }> = await db.query(
    `SELECT ceil(extract(epoch FROM locked_until - now()) * 1000)::float8 AS wait_ms FROM sign_in_failures WHERE email = $1 AND locked_until > now()`,
    [email],
  );
  if (locked) throw new RateLimitedError(locked.wait_ms / 1000, 'too many failed sign-ins; the account is locked for a while');
}

/** Counts the failure atomically (parallel guesses all count) and locks the address past the threshold. */
export async function recordWrongPassword(db: DataSource | EntityManager, email: string): Promise<void> {
  await db.query(
    `INSERT INTO sign_in_failures AS f (email, failures, locked_until, last_failed_at) VALUES ($1, 1, NULL, now())
     ON CONFLICT (email) DO UPDATE SET failures = f.failures + 1, last_failed_at = now(),
       locked_until = CASE WHEN f.failures + 1 >= $2
         THEN now() + make_interval(secs => LEAST($3::double precision, $4::double precision * power(2, f.failures + 1 - $2)) / 1000)
         ELSE f.locked_until END`,
    [email, FREE_FAILURES, MAX_LOCK_MS, FIRST_LOCK_MS],
  );
}

/** A sign-in succeeded or the password was set anew: the address starts afresh. */
export async function clearSignInFailures(db: DataSource | EntityManager, email: string): Promise<void> {
  await db.query('DELETE FROM sign_in_failures WHERE email = $1', [email]);
}

/**
 * A signed-in user confirms their password before a change to the account (a new password,
 * closing it): refused while locked, and a wrong one counts like a failed sign-in.
 */
export async function confirmPassword(dataSource: DataSource, user: Pick<User, 'email' | 'passwordHash'>, password: string, field: string, message: string): Promise<void> {
  await assertNotLocked(dataSource, user.email);
  if (await passwordMatches(user.passwordHash, password)) return;
  await recordWrongPassword(dataSource, user.email);
  throw ValidationError.of(field, 'incorrect', message);
}
