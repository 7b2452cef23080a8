import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { QUEUE_OF } from '@techbridge/queue';
import type { Queue } from 'bullmq';

/**
 * Recurring jobs. Upserting a job scheduler is idempotent, so every worker replica may do it at
 * start-up; BullMQ runs each occurrence once whatever the number of workers.
 */
@Injectable()
export class Schedules implements OnApplicationBootstrap {
  constructor(private readonly moduleRef: ModuleRef) {}

  async onApplicationBootstrap(): Promise<void> {
    const queue = (name: keyof typeof QUEUE_OF) => this.moduleRef.get<Queue>(getQueueToken(QUEUE_OF[name]), { strict: false });
    // Hourly; a new scheduler also runs once at once, so a worker that was down catches up.
    await queue('catalog.expire_demands').upsertJobScheduler('catalog.expire_demands', { every: 3_600_000 }, { name: 'catalog.expire_demands', data: {} });
    // The outbox's safety net (see MatchingReconciler).
    await queue('matching.reconcile').upsertJobScheduler('matching.reconcile', { every: 60_000 }, { name: 'matching.reconcile', data: {} });
    // Pending meeting requests past their event's booking deadline.
    await queue('events.expire_requests').upsertJobScheduler('events.expire_requests', { every: 600_000 }, { name: 'events.expire_requests', data: {} });
    // Scheduling runs and imports whose job was lost (see StuckWork).
    await queue('queue.reconcile').upsertJobScheduler('queue.reconcile', { every: 60_000 }, { name: 'queue.reconcile', data: {} });
  }
}
