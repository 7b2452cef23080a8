import { WorkerHost } from '@nestjs/bullmq';
import { MatchingReconciler, MatchRefresher } from '@techbridge/matches';
import { type JobName, type JobPayloads, Queues } from '@techbridge/queue';
import type { Job } from 'bullmq';
import { QueueProcessor } from './queue-processor';

/** Live items' matching; a rebuild's chunks have their own queue (MatchingRebuildProcessor). */
@QueueProcessor(Queues.matching, { lockDuration: 10_000, stalledInterval: 5_000 })
export class MatchingProcessor extends WorkerHost {
  constructor(
    private readonly refresher: MatchRefresher,
    private readonly reconciler: MatchingReconciler,
  ) {
    super();
  }

  async process(job: Job<JobPayloads[JobName], unknown, JobName>): Promise<unknown> {
    switch (job.name) {
      case 'matching.item': {
        const { kind, id } = job.data as JobPayloads['matching.item'];
        return { outcome: await this.refresher.refresh(kind, id) };
      }
      case 'matching.reconcile':
        return this.reconciler.run();
      default:
        throw new Error(`unknown job ${String(job.name)} on queue ${Queues.matching}`);
    }
  }
}
