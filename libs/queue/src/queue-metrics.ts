import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Metrics } from '@techbridge/platform';
import type { Job, JobType, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobProducer } from './job-producer';
import { ALL_QUEUES } from './queues';

const SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];
/** States whose jobs wait on a worker or a person: what to alert on. Completed jobs are pruned, so not counted. */
const STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed'] as const satisfies readonly JobType[];
const secondsSince = (ms: number | undefined) => (ms ? Math.max(0, (Date.now() - ms) / 1000) : 0);

/**
 * The worker's metrics: each job it runs (`completed`, `retried` after a failed attempt, or
 * `failed` once BullMQ gives up) and, read at each scrape, how much work waits in every queue and
 * in the outbox. The waiting figures are the installation's, the same from every worker.
 */
@Injectable()
export class QueueMetrics {
  private readonly jobs;
  private readonly jobSeconds;

  constructor(
    metrics: Metrics,
    private readonly producer: JobProducer,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.jobs = metrics.counter('techbridge_jobs_total', 'Job attempts this worker finished, by queue, job name and outcome (completed, retried, failed)', ['queue', 'job', 'outcome']);
    this.jobSeconds = metrics.histogram('techbridge_job_duration_seconds', 'How long a job attempt ran in this worker', ['queue', 'job'], SECONDS);
    metrics.gauge('techbridge_queue_jobs', 'Jobs in each queue by state', ['queue', 'state'], async (gauge) => {
      for (const queue of ALL_QUEUES) {
        const counts = await this.producer.queue(queue).getJobCounts(...STATES);
        for (const state of STATES) gauge.set({ queue, state }, counts[state] ?? 0);
      }
    });
    metrics.gauge('techbridge_queue_oldest_waiting_seconds', 'Age of the oldest job waiting for a worker in each queue (0 when none waits)', ['queue'], async (gauge) => {
      for (const queue of ALL_QUEUES) gauge.set({ queue }, secondsSince(await this.oldestWaiting(queue)));
    });
    metrics.gauge('techbridge_outbox_jobs', 'Jobs committed with their data but not yet handed to the queue (should stay near 0)', [], async (gauge) => {
      const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM outbox`);
      gauge.set(row.n);
    });
    metrics.gauge('techbridge_outbox_oldest_seconds', 'Age of the oldest job in the outbox (0 when empty)', [], async (gauge) => {
      const [row] = await this.dataSource.query(`SELECT extract(epoch FROM now() - min(created_at))::float AS age FROM outbox`);
      gauge.set(Math.max(0, row.age ?? 0));
    });
  }

  /** When the job longest in line was added (the waiting list is in arrival order; the platform sets no priorities). */
  private async oldestWaiting(queueName: (typeof ALL_QUEUES)[number]): Promise<number | undefined> {
    const [oldest] = await this.producer.queue(queueName).getJobs(['waiting'], 0, 0, true);
    return oldest?.timestamp;
  }

  /** Counts and times the jobs `worker` runs. */
  watch(worker: Worker): void {
    const record = (job: Job | undefined, outcome: 'completed' | 'retried' | 'failed') => {
      if (!job) return;
      const labels = { queue: worker.name, job: job.name };
      this.jobs.inc({ ...labels, outcome });
      if (job.processedOn) this.jobSeconds.observe(labels, ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000);
    };
    worker.on('completed', (job) => record(job, 'completed'));
    // BullMQ stamps finishedOn only on the attempt it gives up after.
    worker.on('failed', (job) => record(job, job?.finishedOn ? 'failed' : 'retried'));
  }
}
