import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { throttledWarning } from '@techbridge/platform';
import type { JobsOptions, Queue } from 'bullmq';
import { ALL_QUEUES, JOB_OPTIONS, type JobName, type JobPayloads, QUEUE_OF, type QueueName } from './queues';

export class QueueUnavailableError extends Error {
  constructor(readonly queue: string, cause: unknown) {
    super(`queue ${queue} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'QueueUnavailableError';
  }
}

const ENQUEUE_TIMEOUT_MS = 5_000;

/** The one way to put work on a queue: typed by job name, routed to the job's queue. */
@Injectable()
export class JobProducer implements OnModuleInit {
  private readonly logger = new Logger('Queue');
  private readonly warn = throttledWarning((message) => this.logger.warn(message));
  /** Queues with a call that got no answer in time and has not settled yet. */
  private readonly unanswered = new Set<string>();

  constructor(private readonly moduleRef: ModuleRef) {}

  /** Connection errors are logged, at most every 30 s, instead of flooding the log on every retry. */
  onModuleInit(): void {
    for (const name of ALL_QUEUES) {
      this.queue(name).on('error', (err: Error) => this.warn(`queue backend error on ${name}: ${err.message}`));
    }
  }

  queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  /** Several jobs of one queue in one round trip (deterministic ids collapse duplicates as in `enqueue`). */
  async enqueueBulk(queueName: QueueName, jobs: Array<{ name: JobName; data: JobPayloads[JobName]; jobId: string }>): Promise<void> {
    const queue = this.queue(queueName);
    await this.withTimeout(queue.name, () => queue.addBulk(jobs.map((job) => ({ name: job.name, data: job.data, opts: { ...JOB_OPTIONS[job.name], jobId: job.jobId } }))));
  }

  /** Resolves with the job id; rejects with QueueUnavailableError rather than hang when the backend is down. */
  async enqueue<N extends JobName>(name: N, data: JobPayloads[N], opts: JobsOptions = {}): Promise<string> {
    const queue = this.queue(QUEUE_OF[name]);
    const job = await this.withTimeout(queue.name, () => queue.add(name, data, { ...JOB_OPTIONS[name], ...opts }));
    return job.id ?? '';
  }

  private async withTimeout<T>(queueName: string, call: () => Promise<T>): Promise<T> {
    // While the backend is down its client keeps each command until it reconnects: a caller retrying
    // every few seconds (the outbox relay) would pile them up in memory. One unanswered call per queue
    // at a time; the rest fail at once until it settles.
    if (this.unanswered.has(queueName)) throw new QueueUnavailableError(queueName, new Error('an earlier call is still unanswered'));
    let timer: NodeJS.Timeout | undefined;
    const pending = call();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.unanswered.add(queueName);
        const settled = () => this.unanswered.delete(queueName);
        pending.then(settled, settled);
        reject(new Error(`no answer within ${ENQUEUE_TIMEOUT_MS} ms`));
      }, ENQUEUE_TIMEOUT_MS);
    });
    try {
      return await Promise.race([pending, timeout]);
    } catch (err) {
      throw new QueueUnavailableError(queueName, err);
    } finally {
      clearTimeout(timer);
    }
  }
}
