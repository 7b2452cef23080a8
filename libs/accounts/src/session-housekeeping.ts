import { Injectable, Logger, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Kept this long after they stop working, for whoever looks into an incident (the audit trail
 * keeps the sign-ins, logouts and resets themselves for good).
 */
export const EXPIRED_CREDENTIALS_KEPT_DAYS = 30;
/** A count of failed sign-ins left alone this long, and no longer locking, is forgotten. */
export const SIGN_IN_FAILURES_KEPT_HOURS = 24;

/**
 * Every refresh adds a row, so without a purge `refresh_tokens` grows by every active user's
 * day. A token that expired or was revoked answers "invalid" whether or not its row exists (reuse
 * detection needs only the rows of live sessions), so old rows can go.
 */
@Injectable()
export class SessionHousekeeping {
  private readonly logger = new Logger('SessionHousekeeping');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async purgeExpired(): Promise<{ refreshTokens: number; passwordResets: number; signInFailures: number }> {
    const days = EXPIRED_CREDENTIALS_KEPT_DAYS;
    const [, refreshTokens] = (await this.dataSource.query(
      `DELETE FROM refresh_tokens WHERE expires_at < now() - make_interval(days => $1) OR revoked_at < now() - make_interval(days => $1)`,
      [days],
    )) as [unknown, number];
    const [, passwordResets] = (await this.dataSource.query(
      `DELETE FROM password_resets WHERE expires_at < now() - make_interval(days => $1)`,
      [days],
    )) as [unknown, number];
    // Counted by address, known or not (so guessed addresses add rows too): forgotten after a quiet day.
    const [, signInFailures] = (await this.dataSource.query(
      `DELETE FROM sign_in_failures WHERE last_failed_at < now() - make_interval(hours => $1) AND (locked_until IS NULL OR locked_until < now())`,
      [SIGN_IN_FAILURES_KEPT_HOURS],
    )) as [unknown, number];
    if (refreshTokens || passwordResets) this.logger.log(`purged ${refreshTokens} refresh tokens and ${passwordResets} password resets past ${days} days`);
    return { refreshTokens, passwordResets, signInFailures };
  }
}

/** The worker's share of accounts: housekeeping only, without the API's tokens and rate limits. */
@Module({ providers: [SessionHousekeeping], exports: [SessionHousekeeping] })
export class AccountsHousekeepingModule {}
