import { getQueueToken } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type JobName, QUEUE_OF } from '@techbridge/queue';
import type { Queue } from 'bullmq';

/** `every` ms from the worker's first start, or at a time of day in China (`pattern`, cron). */
type Schedule = { name: JobName } & ({ every: number } | { pattern: string });

/** Recurring jobs, each a job scheduler named after its job. */
const SCHEDULES: readonly Schedule[] = [
  // Hourly; a new scheduler also runs once at once, so a worker that was down catches up.
  { name: 'catalog.expire_demands', every: 3_600_000 },
  // The outbox's safety net (see MatchingReconciler).
  { name: 'matching.reconcile', every: 60_000 },
  // Pending meeting requests past their event's booking deadline.
  { name: 'events.expire_requests', every: 600_000 },
  // Hourly: an event's parties hear of it the day before, and are asked for feedback after it.
  { name: 'events.remind', every: 3_600_000 },
  // Scheduling runs and imports whose job was lost (see StuckWork).
  { name: 'queue.reconcile', every: 60_000 },
  // Daily: awarded 揭榜 teams hear of milestones falling due or overdue.
  { name: 'challenges.remind_milestones', every: 86_400_000 },
  // Daily: sessions and password resets long past their use.
  { name: 'accounts.purge_expired', every: 86_400_000 },
  // Daily: records of mail sent or given up on long ago.
  { name: 'mail.purge', every: 86_400_000 },
  // Daily at 07:30 in China: matches whose follow-up stalled for a month, in time for the notice e-mails.
  { name: 'matches.remind_idle', pattern: '30 7 * * *' },
  // Daily at 08:00 in China: the notice e-mails people asked for, ready when the working day starts.
  { name: 'notifications.digest', pattern: '0 8 * * *' },
];

/** How often each worker checks that the schedulers still exist (a flushed or restarted Redis loses them). */
export const SCHEDULES_CHECK_MS = 10_000;

/**
 * Upserting a job scheduler is idempotent, so every worker replica does it at start-up; BullMQ
 * runs each occurrence once whatever the number of workers. Every worker then checks
 * periodically and recreates any scheduler the queue store lost, without waiting for a restart.
 */
@Injectable()
export class Schedules implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Schedules');
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private failing = false;

  constructor(private readonly moduleRef: ModuleRef) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const schedule of SCHEDULES) await this.upsert(schedule);
    this.timer = setInterval(() => void this.restoreMissing(), SCHEDULES_CHECK_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Only missing schedulers are upserted: upserting an existing one could move its next run. */
  async restoreMissing(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      for (const schedule of SCHEDULES) {
        if (await this.queue(schedule.name).getJobScheduler(schedule.name)) continue;
        this.logger.warn(`job scheduler ${schedule.name} was missing from the queue store; recreated`);
        await this.upsert(schedule);
      }
      this.failing = false;
    } catch (err) {
      // Once per outage: the queue's own error log says more.
      if (!this.failing) this.logger.warn(`could not check the job schedulers: ${err instanceof Error ? err.message : String(err)}`);
      this.failing = true;
    } finally {
      this.checking = false;
    }
  }

  private queue(name: JobName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(QUEUE_OF[name]), { strict: false });
  }

  private async upsert({ name, ...when }: Schedule): Promise<void> {
    await this.queue(name).upsertJobScheduler(name, 'pattern' in when ? { pattern: when.pattern, tz: 'Asia/Shanghai' } : when, { name, data: {} });
  }
}
