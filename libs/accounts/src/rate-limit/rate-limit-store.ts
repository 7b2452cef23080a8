import type { EntityManager } from 'typeorm';

/** Counts hits on a key within a fixed window; shared by every API replica. */
export interface RateLimitStore {
  /**
   * Records one hit and returns the hits so far in the current window and when it ends. `within`: the
   * caller's open transaction, which a store in PostgreSQL writes through (a second connection per
   * request could exhaust the pool while every connection waits for one).
   */
  hit(key: string, windowMs: number, within?: EntityManager): Promise<{ hits: number; resetInMs: number }>;
  /** Whether a failure of `hit` happened inside the caller's transaction (which it then aborted). */
  readonly transactional?: boolean;
  close?(): Promise<void>;
}

export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');
