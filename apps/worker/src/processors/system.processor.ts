import { WorkerHost } from '@nestjs/bullmq';
import { SessionHousekeeping } from '@techbridge/accounts';
import { hostname } from 'node:os';
import { type JobName, type JobPayloads, Queues, StuckWork } from '@techbridge/queue';
import { SystemPings } from '@techbridge/system';
import type { Job } from 'bullmq';
import { QueueProcessor } from './queue-processor';

@QueueProcessor(Queues.system)
export class SystemProcessor extends WorkerHost {
  constructor(
    private readonly pings: SystemPings,
    private readonly stuckWork: StuckWork,
    private readonly sessions: SessionHousekeeping,
  ) {
    super();
  }

  async process(job: Job<JobPayloads[JobName], unknown, JobName>): Promise<unknown> {
    switch (job.name) {
      case 'system.ping':
        return this.pings.process(job.data as JobPayloads['system.ping'], `${hostname()}:${process.pid}`);
      case 'queue.reconcile':
        return this.stuckWork.reconcile();
      case 'accounts.purge_expired':
        return this.sessions.purgeExpired();
      default:
        throw new Error(`unknown job ${String(job.name)} on queue ${Queues.system}`);
    }
  }
}
