import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { RateLimitedError } from '@techbridge/domain';
import { throttledWarning } from '@techbridge/platform';
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
   */
  async consume(key: string, limit: number, windowSeconds: number, message = 'too many attempts; try again later'): Promise<void> {
    let counted: { hits: number; resetInMs: number };
    try {
      counted = await this.store.hit(key, windowSeconds * 1000);
    } catch (err) {
      this.warn(`rate-limit store unavailable, letting requests through: ${(err as Error).message}`);
      return;
    }
    if (counted.hits > limit) throw new RateLimitedError(Math.max(1, Math.ceil(counted.resetInMs / 1000)), message);
  }
}
