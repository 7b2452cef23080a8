import { WorkerHost } from '@nestjs/bullmq';
import { MailDelivery, MailHousekeeping } from '@techbridge/mail';
import { NoticeDigests } from '@techbridge/notifications';
import { type JobName, type JobPayloads, Queues } from '@techbridge/queue';
import type { Job } from 'bullmq';
import { QueueProcessor } from './queue-processor';

@QueueProcessor(Queues.mail)
export class MailProcessor extends WorkerHost {
  constructor(
    private readonly delivery: MailDelivery,
    private readonly digests: NoticeDigests,
    private readonly housekeeping: MailHousekeeping,
  ) {
    super();
  }

  async process(job: Job<JobPayloads[JobName], unknown, JobName>): Promise<unknown> {
    switch (job.name) {
      case 'mail.send': {
        const { messageId } = job.data as JobPayloads['mail.send'];
        return this.delivery.send({ messageId, last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
      }
      case 'mail.purge':
        return this.housekeeping.purge();
      case 'notifications.digest':
        return this.digests.send();
      default:
        throw new Error(`unknown job ${String(job.name)} on queue ${Queues.mail}`);
    }
  }
}
