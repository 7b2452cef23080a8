import { WorkerHost } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { AppEnv, throttledWarning } from '@techbridge/platform';
import { QueueMetrics, QueueStorePolicy, StuckWork } from '@techbridge/queue';
import type { Worker } from 'bullmq';

/**
 * Owns the BullMQ workers' lifecycle: sets their concurrency from configuration, records jobs
 * given up on, counts and times jobs for the metrics, starts them and says when the worker is ready, and on shutdown stops taking jobs and lets running ones finish before the
 * queues and the database close (Nest runs every beforeApplicationShutdown before any
 * onApplicationShutdown, which is where @nestjs/bullmq closes queues).
 */
@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly warn = throttledWarning((message) => this.logger.warn(message));

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly env: AppEnv,
    private readonly stuckWork: StuckWork,
    private readonly queueMetrics: QueueMetrics,
    private readonly queueStore: QueueStorePolicy,
  ) {}

  private workers(): Worker[] {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .map((host) => host.worker);
  }

  async onApplicationBootstrap(): Promise<void> {
    const workers = this.workers();
    for (const worker of workers) {
      worker.concurrency = this.env.workerConcurrency;
      this.queueMetrics.watch(worker);
      // Without a listener BullMQ prints every backend error whole (hundreds of lines per outage).
      worker.on('error', (err) => this.warn(`worker for ${worker.name} lost its queue backend: ${err.message}`));
      // Work whose job BullMQ gave up on is marked failed here; the reconciliation catches what this misses.
      worker.on('failed', (job, err) => {
        if (job) void this.stuckWork.jobFailed(job, err).catch((e: Error) => this.logger.warn(`could not record the failure of job ${job.id}: ${e.message}`));
      });
    }
    // Built stopped (QueueProcessor): each starts fetching only once listened to and connected, so
    // a connection that cannot be set up fails the start instead of spinning in BullMQ's fetch loop.
    await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    // On a Redis that may evict keys, jobs vanish: refuse to start, saying why (REDIS_ALLOW_EVICTION overrides).
    const store = await this.queueStore.check();
    if (store.verdict === 'evicting') throw new Error(store.message);
    for (const worker of workers) {
      worker.run().catch((err: Error) => this.warn(`worker for ${worker.name} stopped: ${err.message}`));
    }
    this.logger.log(
      `worker ready: queues ${workers.map((w) => w.name).join(', ')} on ${this.env.queueBackend}, concurrency ${this.env.workerConcurrency}`,
    );
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const workers = this.workers();
    this.logger.log(`shutting down (${signal ?? 'close'}): no new jobs, waiting for running ones`);
    await Promise.all(workers.map((worker) => worker.close()));
    this.logger.log('workers closed');
  }
}
