import { WorkerHost } from '@nestjs/bullmq';
import { EventReminders, MeetingRequestsService, SchedulingRuns } from '@techbridge/events';
import { type JobName, type JobPayloads, Queues } from '@techbridge/queue';
import type { Job } from 'bullmq';
import { QueueProcessor } from './queue-processor';

/** A scheduling run can take seconds (each exact MIP solve is bounded to 5 s): a longer lock than BullMQ's 30 s default. */
@QueueProcessor(Queues.events, { lockDuration: 60_000 })
export class EventsProcessor extends WorkerHost {
  constructor(
    private readonly runs: SchedulingRuns,
    private readonly requests: MeetingRequestsService,
    private readonly reminders: EventReminders,
  ) {
    super();
  }

  async process(job: Job<JobPayloads[JobName], unknown, JobName>): Promise<unknown> {
    switch (job.name) {
      case 'events.schedule':
        return this.runs.process((job.data as JobPayloads['events.schedule']).runId);
      case 'events.expire_requests':
        return { expired: await this.requests.expireOverdue() };
      case 'events.remind':
        return this.reminders.remind();
      default:
        throw new Error(`unknown job ${String(job.name)} on queue ${Queues.events}`);
    }
  }
}
