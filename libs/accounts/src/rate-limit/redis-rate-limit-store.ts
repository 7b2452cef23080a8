import { Redis } from 'ioredis';
import type { RateLimitStore } from './rate-limit-store';

// INCR and the first PEXPIRE in one atomic step, so a window can never lose its expiry.
const HIT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;

export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // No offline queue: while Redis is down a hit fails at once instead of waiting.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 });
    this.redis.on('error', () => undefined); // surfaced as failed hits; the queue health check reports the outage
  }

  async hit(key: string, windowMs: number): Promise<{ hits: number; resetInMs: number }> {
    const [hits, ttl] = (await this.redis.eval(HIT, 1, `${this.prefix}:${key}`, windowMs)) as [number, number];
    return { hits, resetInMs: ttl > 0 ? ttl : windowMs };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
