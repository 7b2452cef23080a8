import type { DefaultJobOptions, JobsOptions } from 'bullmq';

/** Every queue the platform uses. One queue per capability keeps slow work from starving fast work. */
export const Queues = {
  system: 'system',
  catalog: 'catalog',
  matching: 'matching',
  /** A rebuild's chunks: hundreds at once, never ahead of a live item's job on `matching`. */
  matchingRebuild: 'matching_rebuild',
  events: 'events',
  /** Slow or unreachable mail servers hold up nothing else. */
  mail: 'mail',
} as const;
export type QueueName = (typeof Queues)[keyof typeof Queues];
export const ALL_QUEUES: readonly QueueName[] = Object.values(Queues);

/**
 * Job names and their payloads. Payloads carry ids and versions only, never catalogue text:
 * Redis keeps jobs in clear, and confidential details must not leave PostgreSQL.
 */
export interface JobPayloads {
  /** `holdMs` keeps the job running that long: a diagnostic for graceful shutdown. */
  'system.ping': { pingId: string; holdMs?: number };
  /** Process an uploaded spreadsheet (the file is in catalog_imports). */
  'catalog.import': { importId: string };
  /** Expire published demands past their 有效期 (scheduled). */
  'catalog.expire_demands': Record<string, never>;
  /** Remind awarded 揭榜 teams of milestones falling due or overdue (scheduled; challenges are catalogue demands). */
  'challenges.remind_milestones': Record<string, never>;
  /** Remind both sides of matches whose follow-up made no progress for a month (scheduled, daily; housekeeping, kept off the matching queue). */
  'matches.remind_idle': Record<string, never>;
  /** Bring one item's stored matches up to its current version (written to the outbox by the database). */
  'matching.item': { kind: 'demand' | 'achievement'; id: string; version: number };
  /** One chunk of a full rebuild. */
  'matching.rebuild_chunk': { rebuildId: string; chunkNo: number };
  /** Relay the outbox and re-enqueue items whose matches fell behind (scheduled). */
  'matching.reconcile': Record<string, never>;
  /** Run the meeting scheduler on an event (the run row holds the request). */
  'events.schedule': { eventId: string; runId: string };
  /** Expire pending meeting requests past their event's booking deadline (scheduled). */
  'events.expire_requests': Record<string, never>;
  'events.remind': Record<string, never>;
  /** Re-enqueue, or give up on, queued or running work whose job was lost (scheduled; see StuckWork). */
  'queue.reconcile': Record<string, never>;
  /** Delete sign-in sessions and password resets long past their use (scheduled). */
  'accounts.purge_expired': Record<string, never>;
  /** Send one e-mail (the mail_messages row holds it). */
  'mail.send': { messageId: string };
  /** Delete the records of mail sent or given up on long ago (scheduled, daily). */
  'mail.purge': Record<string, never>;
  /** Mail each user who asked for it their organisation's new unread notices (scheduled, daily). */
  'notifications.digest': Record<string, never>;
}
export type JobName = keyof JobPayloads;

export const QUEUE_OF: { readonly [N in JobName]: QueueName } = {
  'system.ping': Queues.system,
  'catalog.import': Queues.catalog,
  'catalog.expire_demands': Queues.catalog,
  'challenges.remind_milestones': Queues.catalog,
  'matches.remind_idle': Queues.catalog,
  'matching.item': Queues.matching,
  'matching.rebuild_chunk': Queues.matchingRebuild,
  'matching.reconcile': Queues.matching,
  'events.schedule': Queues.events,
  'events.expire_requests': Queues.events,
  'events.remind': Queues.events,
  'queue.reconcile': Queues.system,
  'accounts.purge_expired': Queues.system,
  'mail.send': Queues.mail,
  'mail.purge': Queues.mail,
  'notifications.digest': Queues.mail,
};

/**
 * A deterministic job id from the job name and what identifies the work (entity, id, version),
 * so enqueuing the same work twice collapses into one job. BullMQ forbids ':' in custom ids.
 */
export function jobIdFor(name: JobName, ...parts: Array<string | number>): string {
  return [name, ...parts].join('.').replace(/:/g, '_');
}

/** At-least-once delivery with backoff, and bounded retention so the queue store never grows without limit. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
};

/**
 * Jobs that retry differently: a mail server being down for a while is normal, so mail keeps
 * trying for about 40 minutes (5 s doubling, 9 retries) before it is given up.
 */
export const JOB_OPTIONS: { readonly [N in JobName]?: JobsOptions } = {
  'mail.send': { attempts: 10, backoff: { type: 'exponential', delay: 5_000 } },
};
