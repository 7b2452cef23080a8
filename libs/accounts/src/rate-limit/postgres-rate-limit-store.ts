import type { DataSource, EntityManager } from 'typeorm';
import type { RateLimitStore } from './rate-limit-store';

export class PostgresRateLimitStore implements RateLimitStore {
  readonly transactional = true;

  constructor(private readonly dataSource: DataSource) {}

  async hit(key: string, windowMs: number, within?: EntityManager): Promise<{ hits: number; resetInMs: number }> {
    const db = within ?? this.dataSource;
    // One upsert: a new window starts when the old one has ended.
    const rows: Array<{ hits: number; reset_ms: string }> = await db.query(
      `INSERT INTO rate_limit_counters AS c (key, hits, window_ends_at)
       VALUES ($1, 1, now() + make_interval(secs => $2::double precision / 1000))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.window_ends_at <= now() THEN 1 ELSE c.hits + 1 END,
         window_ends_at = CASE WHEN c.window_ends_at <= now() THEN excluded.window_ends_at ELSE c.window_ends_at END
       RETURNING hits, ceil(extract(epoch FROM (window_ends_at - now())) * 1000) AS reset_ms`,
      [key, windowMs],
    );
    if (Math.random() < 0.01) {
      await db.query(`DELETE FROM rate_limit_counters WHERE window_ends_at < now() - interval '1 hour'`);
    }
    return { hits: rows[0].hits, resetInMs: Number(rows[0].reset_ms) };
  }
}
