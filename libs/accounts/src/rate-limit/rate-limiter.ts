import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { RateLimitedError } from '@techbridge/domain';
import { throttledWarning } from '@techbridge/platform';
import type { EntityManager } from 'typeorm';
import { RATE_LIMIT_STORE, type RateLimitStore } from './rate-limit-store';

@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimiter');
  private readonly warn = throttledWarning((message) => this.logger.warn(message));

  constructor(@Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close?.();
  }

  /**
   * Counts one attempt against `key`; throws 429 (with Retry-After) past `limit` per window.
   * If the store itself is unreachable the attempt is let through (and logged): an outage of
   * Redis must not lock every user out. The per-account lock-out in PostgreSQL still applies.
   * Called inside a transaction, pass it as `within`: the count then commits or rolls back with it.
   */
  async consume(key: string, limit: number, windowSeconds: number, message = 'too many attempts; try again later', within?: EntityManager): Promise<void> {
    let counted: { hits: number; resetInMs: number };
    try {
      counted = await this.store.hit(key, windowSeconds * 1000, within);
    } catch (err) {
      // The caller's transaction is aborted: letting the request through would only fail it later.
      if (within && this.store.transactional) throw err;
      this.warn(`rate-limit store unavailable, letting requests through: ${(err as Error).message}`);
      return;
    }
    if (counted.hits > limit) throw new RateLimitedError(Math.max(1, Math.ceil(counted.resetInMs / 1000)), message);
  }
}
