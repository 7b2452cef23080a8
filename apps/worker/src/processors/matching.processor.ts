import { Processor, WorkerHost } from '@nestjs/bullmq';
import { MatchingReconciler, MatchRefresher, RebuildChunks } from '@techbridge/matches';
import { type JobName, type JobPayloads, Queues } from '@techbridge/queue';
import type { Job } from 'bullmq';

/**
 * A chunk of a rebuild runs for seconds; the worker renews its lock meanwhile. A shorter lock
 * than BullMQ's 30 s default lets another process take over a killed worker's job sooner.
 */
@Processor(Queues.matching, { lockDuration: 10_000, stalledInterval: 5_000 })
export class MatchingProcessor extends WorkerHost {
  constructor(
    private readonly refresher: MatchRefresher,
    private readonly chunks: RebuildChunks,
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
      case 'matching.rebuild_chunk': {
        const { rebuildId, chunkNo } = job.data as JobPayloads['matching.rebuild_chunk'];
        return this.chunks.runChunk(rebuildId, chunkNo);
      }
      case 'matching.reconcile':
        return this.reconciler.run();
      default:
        throw new Error(`unknown job ${String(job.name)} on queue ${Queues.matching}`);
    }
  }
}
