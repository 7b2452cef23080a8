import { Injectable } from '@nestjs/common';
import { JobProducer } from './job-producer';
import { ALL_QUEUES } from './queues';

/** Answers whether the queue backend (Redis or PostgreSQL) is reachable, with a real round trip. */
@Injectable()
export class QueueHealth {
  constructor(private readonly producer: JobProducer) {}

  async waitingCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const queueName of ALL_QUEUES) {
      const result = await this.producer.queue(queueName).getJobCounts('waiting');
      counts[queueName] = result.waiting ?? 0;
    }
    return counts;
  }
}
