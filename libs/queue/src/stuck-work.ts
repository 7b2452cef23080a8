import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobProducer } from './job-producer';
import { enqueueInTransaction } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { type JobName, type JobPayloads, jobIdFor, QUEUE_OF } from './queues';

/** Unfinished work whose job is older than this and not in the queue has lost its job. */
export const STUCK_GRACE_SECONDS = 120;
/** Jobs enqueued again for one piece of work before it is given up as failed. */
export const MAX_REQUEUE_ROUNDS = 3;
const LIMIT = 500;
const LIVE_STATES = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);

/**
 * A kind of work tracked by a row with a status, run by one job per row. The table has the
 * columns id, status and failure_reason, and those of `TrackedWork` (libs/domain).
 */
export interface StuckWorkKind<N extends JobName = JobName> {
  jobName: N;
  table: string;
  /** Statuses in which the row still waits for its job (queued, running…). */
  unfinished: readonly string[];
  payload(row: Record<string, unknown>): JobPayloads[N];
  /** The row a job works on. */
  idOf(data: JobPayloads[N]): string;
  /** What a user reads when BullMQ gave up on the job; the error's own message by default. */
  failureReason?(message: string): string;
  /** Columns emptied when the work is given up (e.g. a mail body holding a token), where `when` holds (SQL; always without). */
  clearedOnFailure?: { columns: readonly string[]; when?: string };
}

/** Round 0 is the job the use case enqueued; round n the one the reconciliation enqueued n-th. */
export const stuckWorkJobId = (jobName: JobName, id: string, round: number): string => (round === 0 ? jobIdFor(jobName, id) : jobIdFor(jobName, id, `r${round}`));

/**
 * The safety net for work tracked by a status row (scheduling runs, imports…): each capability
 * registers its kind. A row left queued or running whose job is gone (a wiped queue store, a
 * job failed by stalling) gets a fresh job through the outbox, a bounded number of times, and
 * is then marked failed with a reason; a job BullMQ gave up on marks its row failed at once.
 */
@Injectable()
export class StuckWork {
  private readonly logger = new Logger('StuckWork');
  private readonly kinds = new Map<JobName, StuckWorkKind>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly producer: JobProducer,
    private readonly relay: OutboxRelay,
  ) {}

  register<N extends JobName>(kind: StuckWorkKind<N>): void {
    this.kinds.set(kind.jobName, kind as unknown as StuckWorkKind);
  }

  /** From the worker's `failed` event: only a job that will not be retried (finishedOn set) ends its row. */
  async jobFailed(job: Job, err: Error): Promise<void> {
    const kind = this.kinds.get(job.name as JobName);
    if (!kind || !job.finishedOn) return;
    const reason = kind.failureReason?.(err.message) ?? err.message;
    await this.fail(kind, kind.idOf(job.data as never), reason);
  }

  async reconcile(): Promise<{ requeued: number; failed: number }> {
    let requeued = 0;
    let failed = 0;
    for (const kind of this.kinds.values()) {
      const rows: Array<Record<string, unknown> & { id: string; requeue_rounds: number }> = await this.dataSource.query(
        `SELECT * FROM ${kind.table} t WHERE status = ANY($1) AND coalesce(requeued_at, created_at) < now() - make_interval(secs => $2)
         ORDER BY created_at LIMIT ${LIMIT}`,
        [kind.unfinished, STUCK_GRACE_SECONDS],
      );
      for (const row of rows) {
        const outcome = await this.reconcileRow(kind, row);
        if (outcome === 'requeued') requeued++;
        if (outcome === 'failed') failed++;
      }
    }
    if (requeued) await this.relay.relay().catch(() => undefined); // the outbox listener relays it otherwise
    if (requeued + failed) this.logger.warn(`work whose job was lost: re-enqueued ${requeued}, gave up on ${failed}`);
    return { requeued, failed };
  }

  private async reconcileRow(kind: StuckWorkKind, row: { id: string; requeue_rounds: number }): Promise<'live' | 'requeued' | 'failed'> {
    const round = row.requeue_rounds;
    const jobId = stuckWorkJobId(kind.jobName, row.id, round);
    // Still in the outbox (the queue was down, or a relay is on it): not lost.
    if ((await this.dataSource.query(`SELECT 1 FROM outbox WHERE job_id = $1`, [jobId])).length) return 'live';
    const job = await this.producer.queue(QUEUE_OF[kind.jobName]).getJob(jobId);
    const state = job ? await job.getState() : 'missing';
    if (LIVE_STATES.has(state)) return 'live';
    const lastError = job?.failedReason ? `last error: ${job.failedReason}` : 'its job was lost from the queue';
    if (round >= MAX_REQUEUE_ROUNDS) {
      await this.fail(kind, row.id, `gave up after ${round + 1} jobs did not finish it (${lastError}); nothing more will run — request it again`);
      return 'failed';
    }
    return this.dataSource.transaction(async (manager) => {
      // The round in the WHERE clause makes concurrent reconciliations enqueue one job, not two.
      const [, updated] = await manager.query(
        `UPDATE ${kind.table} SET requeue_rounds = requeue_rounds + 1, requeued_at = now() WHERE id = $1 AND requeue_rounds = $2 AND status = ANY($3)`,
        [row.id, round, kind.unfinished],
      );
      if (!updated) return 'live';
      await enqueueInTransaction(manager, kind.jobName, kind.payload(row), stuckWorkJobId(kind.jobName, row.id, round + 1));
      this.logger.warn(`${kind.jobName} ${row.id}: ${lastError} (state ${state}); enqueued again (round ${round + 1} of ${MAX_REQUEUE_ROUNDS})`);
      return 'requeued';
    });
  }

  private async fail(kind: StuckWorkKind, id: string, reason: string): Promise<void> {
    const { columns = [], when } = kind.clearedOnFailure ?? {};
    const cleared = columns.map((column) => `, ${column} = ${when ? `CASE WHEN ${when} THEN NULL ELSE ${column} END` : 'NULL'}`).join('');
    await this.dataSource.query(
      `UPDATE ${kind.table} SET status = 'failed', failure_reason = $2, finished_at = now()${cleared} WHERE id = $1 AND status = ANY($3)`,
      [id, reason.slice(0, 1000), kind.unfinished],
    );
  }
}
