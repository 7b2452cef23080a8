import { WorkerHost } from '@nestjs/bullmq';
import { RebuildChunks } from '@techbridge/matches';
import { type JobName, type JobPayloads, Queues } from '@techbridge/queue';
import type { Job } from 'bullmq';
import { QueueProcessor } from './queue-processor';

/**
 * A rebuild's chunks. A chunk runs for seconds; the worker renews its lock meanwhile. A shorter
 * lock than BullMQ's 30 s default lets another process take over a killed worker's chunk sooner.
 */
@QueueProcessor(Queues.matchingRebuild, { lockDuration: 10_000, stalledInterval: 5_000 })
export class MatchingRebuildProcessor extends WorkerHost {
  constructor(private readonly chunks: RebuildChunks) {
    super();
  }

  async process(job: Job<JobPayloads[JobName], unknown, JobName>): Promise<unknown> {
    if (job.name !== 'matching.rebuild_chunk') throw new Error(`unknown job ${String(job.name)} on queue ${Queues.matchingRebuild}`);
    const { rebuildId, chunkNo } = job.data as JobPayloads['matching.rebuild_chunk'];
    return this.chunks.runChunk(rebuildId, chunkNo);
  }
}
