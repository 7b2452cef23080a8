import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Fixed-window counters for rate limits when no Redis is configured (shared by all API replicas). */
@Entity('rate_limit_counters')
export class RateLimitCounter {
  @PrimaryColumn({ type: 'varchar', length: 300 })
  key: string;

  @Column({ type: 'int' })
  hits: number;

  @Column({ name: 'window_ends_at', type: 'timestamptz' })
  windowEndsAt: Date;
}
