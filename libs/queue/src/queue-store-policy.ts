import { Injectable, Logger } from '@nestjs/common';
import { AppEnv } from '@techbridge/platform';
import type { RedisClient } from 'bullmq';
import { JobProducer } from './job-producer';
import { Queues } from './queues';

/** The only maxmemory-policy under which Redis never deletes a key BullMQ still needs. */
export const REQUIRED_EVICTION_POLICY = 'noeviction';

/**
 * What the queue store's eviction policy means for running on it: `kept` (noeviction, or the
 * postgres backend), `evicting` (refused), `allowed` (evicting, accepted by REDIS_ALLOW_EVICTION)
 * or `unknown` (Redis refused to say).
 */
export type EvictionVerdict = { verdict: 'kept' } | { verdict: 'evicting' | 'allowed' | 'unknown'; message: string };

export function judgeEvictionPolicy(policy: string | undefined, allowEviction: boolean): EvictionVerdict {
  if (policy === REQUIRED_EVICTION_POLICY) return { verdict: 'kept' };
  if (policy === undefined) {
    return { verdict: 'unknown', message: `could not read Redis maxmemory-policy (CONFIG GET and INFO were refused): make sure it is ${REQUIRED_EVICTION_POLICY}, or jobs may be lost` };
  }
  if (allowEviction) return { verdict: 'allowed', message: `Redis maxmemory-policy is ${policy}: under memory pressure Redis may delete jobs (accepted by REDIS_ALLOW_EVICTION=true)` };
  return {
    verdict: 'evicting',
    message:
      `Redis maxmemory-policy is ${policy}, but the queue needs ${REQUIRED_EVICTION_POLICY}: under memory pressure Redis would delete jobs. ` +
      `Set maxmemory-policy ${REQUIRED_EVICTION_POLICY} (redis.conf, CONFIG SET, or the managed service's parameter group), or REDIS_ALLOW_EVICTION=true to run anyway`,
  };
}

/** CONFIG GET, which managed Redis services often refuse; then INFO, whose memory section names the policy too. */
export async function readEvictionPolicy(client: Pick<RedisClient, 'runCommand' | 'info'>): Promise<string | undefined> {
  try {
    const reply: unknown = await client.runCommand('config', ['GET', 'maxmemory-policy']);
    if (Array.isArray(reply) && typeof reply[1] === 'string') return reply[1];
  } catch {
    // Refused (renamed, or denied by an ACL): ask INFO.
  }
  try {
    const line = (await client.info()).split(/\r?\n/).find((l) => l.startsWith('maxmemory_policy:'));
    return line?.slice('maxmemory_policy:'.length).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the queue store keeps every job: BullMQ loses jobs on a Redis that evicts keys, which
 * otherwise shows only as one console line of BullMQ's at start. The API's readiness fails and a
 * worker refuses to start on an evicting Redis. Each finding is logged once, as it changes.
 */
@Injectable()
export class QueueStorePolicy {
  private readonly logger = new Logger('QueueStore');
  private reading: Promise<EvictionVerdict> | undefined;
  private reported: string | undefined;

  constructor(
    private readonly env: AppEnv,
    private readonly producer: JobProducer,
  ) {}

  /** One read at a time: a slow Redis does not collect a pile of them (readiness probes come every few seconds). */
  check(): Promise<EvictionVerdict> {
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read(): Promise<EvictionVerdict> {
    if (this.env.queueBackend !== 'redis') return { verdict: 'kept' };
    const backend = this.producer.queue(Queues.system).getBackend() as unknown as { client: Promise<RedisClient> };
    const verdict = judgeEvictionPolicy(await readEvictionPolicy(await backend.client), this.env.redisAllowEviction);
    const finding = verdict.verdict === 'kept' ? undefined : verdict.message;
    if (finding !== this.reported) {
      this.reported = finding;
      if (verdict.verdict === 'evicting') this.logger.error(verdict.message);
      else if (finding) this.logger.warn(finding);
    }
    return verdict;
  }
}
