import { WorkerHost } from '@nestjs/bullmq';
import { CatalogImports, DemandsService } from '@techbridge/catalog';
import { MilestoneReminders } from '@techbridge/challenges';
import { IdleFollowUps } from '@techbridge/matches';
import { type JobName, type JobPayloads, Queues } from '@techbridge/queue';
import type { Job } from 'bullmq';
import { QueueProcessor } from './queue-processor';

@QueueProcessor(Queues.catalog)
export class CatalogProcessor extends WorkerHost {
  constructor(
    private readonly imports: CatalogImports,
    private readonly demands: DemandsService,
    private readonly reminders: MilestoneReminders,
    private readonly idleFollowUps: IdleFollowUps,
  ) {
    super();
  }

  async process(job: Job<JobPayloads[JobName], unknown, JobName>): Promise<unknown> {
    switch (job.name) {
      case 'catalog.import':
        return this.imports.process((job.data as JobPayloads['catalog.import']).importId);
      case 'catalog.expire_demands':
        return { expired: (await this.demands.expireOverdue()).length, reminded: (await this.demands.remindExpiring()).length };
      case 'challenges.remind_milestones':
        return this.reminders.remind();
      case 'matches.remind_idle':
        return this.idleFollowUps.remind();
      default:
        throw new Error(`unknown job ${String(job.name)} on queue ${Queues.catalog}`);
    }
  }
}
