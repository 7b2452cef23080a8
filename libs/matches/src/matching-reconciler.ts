import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CatalogKind } from '@techbridge/domain';
import { type JobName, JobProducer, jobIdFor, MAX_REQUEUE_ROUNDS, OutboxRelay, QUEUE_OF } from '@techbridge/queue';
import type { JobType } from 'bullmq';
import { DataSource } from 'typeorm';
import { MATCHABLE_SQL, TABLE_OF } from './matchable-items';
import { finishRebuilds } from './rebuild-chunks';

const LIMIT = 5_000;
/** An item this long behind has lost its job (a queue store wiped, a job failed for good). */
const GRACE = `interval '2 minutes'`;
/** States in which a job will still run. */
const STILL_TO_RUN: JobType[] = ['active', 'waiting', 'delayed', 'prioritized'];
/**
 * What an owner reads (the item's matching state is failed). The jobs' errors stay in the queue
 * and the log: they may quote data of other items.
 */
export const MATCHING_GIVEN_UP = `matching gave up on this version after ${MAX_REQUEUE_ROUNDS + 1} jobs failed or were lost; editing the item, or a rebuild by an administrator, tries again`;

export interface ReconcileOutcome {
  relayed: number;
  /** Items enqueued again (their retry counted). */
  requeued: number;
  /** Items given up on in this pass. */
  failed: number;
  /** Rebuild chunks enqueued again (their retry counted). */
  chunks: number;
  /** Rebuild chunks given up on in this pass. */
  failedChunks: number;
}

/** A running rebuild's chunk that is neither done nor given up on, with the retries counted for it. */
interface OpenChunk {
  rebuild_id: string;
  chunk_no: number;
  retries: number;
}

/** The chunks ($1…$3) whose retries are still as this pass read them, for an UPDATE's FROM and WHERE. */
const CHUNKS_AS_READ = `unnest($1::uuid[], $2::int[], $3::int[]) AS r(rebuild_id, chunk_no, retries)
  WHERE c.rebuild_id = r.rebuild_id AND c.chunk_no = r.chunk_no AND c.retries = r.retries AND c.completed_at IS NULL AND c.failed_at IS NULL`;
const chunkColumns = (chunks: OpenChunk[]) => [chunks.map((c) => c.rebuild_id), chunks.map((c) => c.chunk_no), chunks.map((c) => c.retries)];

interface BehindItem {
  id: string;
  version: number;
  /** Retries already counted for this version. */
  retries: number;
  /** matching_retried_at as read (text, to the microsecond): the row is updated only if still so. */
  seenAt: string | null;
}

/**
 * The items ($1…$4, as `columns` gives them) whose row is still as this pass read it, locked: two
 * passes at once count and enqueue each item once. A row another transaction holds (its matches
 * being stored, an edit) is left to the next pass rather than waited for.
 */
const asRead = (table: string) => `
  WITH as_read AS (
    SELECT t.id, c.retries FROM ${table} t JOIN unnest($1::uuid[], $2::int[], $3::int[], $4::text[]) AS c(id, version, retries, seen_at) ON c.id = t.id
    WHERE t.version = c.version AND t.matching_retried_at IS NOT DISTINCT FROM c.seen_at::timestamptz
    FOR UPDATE OF t SKIP LOCKED)`;

const columns = (items: BehindItem[]) => [items.map((i) => i.id), items.map((i) => i.version), items.map((i) => i.retries), items.map((i) => i.seenAt)];

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}

/**
 * The safety net under the outbox: relays what is left in it, and re-enqueues items whose
 * stored matches are behind their version although their change is long committed, and
 * rebuild chunks whose job is gone. Runs on a schedule; everything it does is idempotent.
 * An item is enqueued again at most MAX_REQUEUE_ROUNDS times per version (as StuckWork does
 * for tracked work), then given up on: its matching state turns failed, and nothing churns
 * through the queue for it until it is edited or a rebuild starts. A rebuild chunk likewise,
 * counted on the chunk: then it is failed, and its rebuild ends once the other chunks have.
 */
@Injectable()
export class MatchingReconciler {
  private readonly logger = new Logger('MatchingReconciler');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly producer: JobProducer,
  ) {}

  async run(): Promise<ReconcileOutcome> {
    // The outbox listener retries the relay; what follows must not depend on it.
    const relayed = await this.relay.relay().catch((err: Error) => {
      this.logger.warn(`outbox relay failed, re-enqueuing anyway: ${err.message}`);
      return 0;
    });
    // A fresh id per run so a failed or finished job of the same version does not swallow it.
    const round = Date.now().toString(36);
    let requeued = 0;
    let failed = 0;
    let queued: Set<string> | undefined;
    for (const kind of ['demand', 'achievement'] as CatalogKind[]) {
      const behind = await this.behind(kind);
      // Behind only because the queue is long (a big import, a rebuild): its job is still to run.
      queued ??= behind.length ? await this.stillToRun('matching.item') : undefined;
      const lost = behind.filter((item) => !queued?.has(jobIdFor('matching.item', kind, item.id, item.version)));
      const [spent, retried] = partition(lost, (item) => item.retries >= MAX_REQUEUE_ROUNDS);
      requeued += await this.retry(kind, retried, round);
      failed += await this.giveUp(kind, spent);
    }
    const { chunks, failedChunks } = await this.reconcileChunks(round);
    if (relayed + requeued + chunks) this.logger.log(`relayed ${relayed} outbox jobs, re-enqueued ${requeued} items and ${chunks} rebuild chunks`);
    return { relayed, requeued, failed, chunks, failedChunks };
  }

  /**
   * Items behind their version for longer than the grace, with the retries counted for that
   * version (none when they counted for another one, or a rebuild started since), leaving out
   * those given up on: nothing runs them again until they are edited or rebuilt.
   */
  private async behind(kind: CatalogKind): Promise<BehindItem[]> {
    return this.dataSource.query(
      `WITH latest_rebuild AS (SELECT coalesce(max(created_at), '-infinity') AS at FROM matching_rebuilds),
            items AS (
              SELECT id, version, matching_failure, matching_retried_at::text AS seen_at,
                     matching_retry_version = version AND matching_retried_at > (SELECT at FROM latest_rebuild) AS counting,
                     matching_retries
              FROM ${TABLE_OF[kind]}
              WHERE matched_version IS DISTINCT FROM version AND (${MATCHABLE_SQL} OR matched_version IS NOT NULL)
                AND updated_at < now() - ${GRACE})
       SELECT id, version, seen_at AS "seenAt", CASE WHEN counting THEN matching_retries ELSE 0 END AS retries
       FROM items WHERE NOT (counting AND matching_failure IS NOT NULL) LIMIT ${LIMIT}`,
    );
  }

  /**
   * One more job for each item, counted in the same transaction, which commits only once the
   * queue took the jobs (the rows stay locked meanwhile, at most the producer's time-out): a queue
   * that is down costs no retry.
   */
  private async retry(kind: CatalogKind, items: BehindItem[], round: string): Promise<number> {
    if (!items.length) return 0;
    return this.dataSource.transaction(async (manager) => {
      const [counted] = (await manager.query(
        `${asRead(TABLE_OF[kind])}
         UPDATE ${TABLE_OF[kind]} t
         SET matching_retry_version = t.version, matching_retries = a.retries + 1, matching_retried_at = now(), matching_failure = NULL
         FROM as_read a WHERE t.id = a.id RETURNING t.id, t.version`,
        columns(items),
      )) as [Array<{ id: string; version: number }>, number];
      if (counted.length) {
        await this.producer.enqueueBulk(
          QUEUE_OF['matching.item'],
          counted.map((item) => ({ name: 'matching.item', data: { kind, id: item.id, version: item.version }, jobId: jobIdFor('matching.item', kind, item.id, item.version, round) })),
        );
      }
      return counted.length;
    });
  }

  /** Records the items whose retries are spent as failed (the state an owner reads), so no pass enqueues them again. */
  private async giveUp(kind: CatalogKind, items: BehindItem[]): Promise<number> {
    if (!items.length) return 0;
    const [given] = (await this.dataSource.query(
      `${asRead(TABLE_OF[kind])}
       UPDATE ${TABLE_OF[kind]} t SET matching_failure = $5, matching_retried_at = now()
       FROM as_read a WHERE t.id = a.id RETURNING t.id, t.version`,
      [...columns(items), MATCHING_GIVEN_UP],
    )) as [Array<{ id: string; version: number }>];
    for (const item of given) {
      this.logger.warn(`gave up matching ${kind} ${item.id} version ${item.version}: ${MAX_REQUEUE_ROUNDS + 1} jobs failed or were lost (their errors: failed jobs matching.item.${kind}.${item.id}.${item.version}.*)`);
    }
    return given.length;
  }

  /**
   * Rebuild chunks whose job is gone get another, at most MAX_REQUEUE_ROUNDS times (as items do);
   * then the chunk is given up on, so a chunk whose job keeps failing neither churns through the
   * queue nor keeps its rebuild running for ever: the rebuild ends `completed_with_failures`.
   */
  private async reconcileChunks(round: string): Promise<{ chunks: number; failedChunks: number }> {
    const open: OpenChunk[] = await this.dataSource.query(
      `SELECT c.rebuild_id, c.chunk_no, c.retries FROM matching_rebuild_chunks c JOIN matching_rebuilds r ON r.id = c.rebuild_id
       WHERE r.status = 'running' AND c.completed_at IS NULL AND c.failed_at IS NULL AND r.created_at < now() - ${GRACE} LIMIT ${LIMIT}`,
    );
    if (!open.length) return { chunks: 0, failedChunks: 0 };
    const queued = await this.stillToRun('matching.rebuild_chunk');
    const lost = open.filter((c) => !queued.has(jobIdFor('matching.rebuild_chunk', c.rebuild_id, c.chunk_no)));
    const [spent, retried] = partition(lost, (c) => c.retries >= MAX_REQUEUE_ROUNDS);
    return { chunks: await this.retryChunks(retried, round), failedChunks: await this.giveUpChunks(spent) };
  }

  /** One more job for each chunk, counted in the transaction that enqueues it (a queue that is down costs no retry). */
  private async retryChunks(chunks: OpenChunk[], round: string): Promise<number> {
    if (!chunks.length) return 0;
    return this.dataSource.transaction(async (manager) => {
      const [counted] = (await manager.query(
        `UPDATE matching_rebuild_chunks c SET retries = c.retries + 1 FROM ${CHUNKS_AS_READ} RETURNING c.rebuild_id, c.chunk_no`,
        chunkColumns(chunks),
      )) as [Array<{ rebuild_id: string; chunk_no: number }>, number];
      if (counted.length) {
        await this.producer.enqueueBulk(
          QUEUE_OF['matching.rebuild_chunk'],
          counted.map((c) => ({ name: 'matching.rebuild_chunk', data: { rebuildId: c.rebuild_id, chunkNo: c.chunk_no }, jobId: jobIdFor('matching.rebuild_chunk', c.rebuild_id, c.chunk_no, round) })),
        );
      }
      return counted.length;
    });
  }

  /** Marks the chunks whose retries are spent as failed, and ends their rebuilds if nothing else is left to run. */
  private async giveUpChunks(chunks: OpenChunk[]): Promise<number> {
    if (!chunks.length) return 0;
    const rebuildIds = [...new Set(chunks.map((c) => c.rebuild_id))].sort();
    return this.dataSource.transaction(async (manager) => {
      // Locked as a completing chunk locks it (RebuildChunks.runChunk): of the two, the later sees the other's chunk ended.
      await manager.query(`SELECT id FROM matching_rebuilds WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [rebuildIds]);
      const [given] = (await manager.query(
        `UPDATE matching_rebuild_chunks c SET failed_at = now() FROM ${CHUNKS_AS_READ} RETURNING c.rebuild_id, c.chunk_no`,
        chunkColumns(chunks),
      )) as [Array<{ rebuild_id: string; chunk_no: number }>, number];
      await finishRebuilds(manager, rebuildIds);
      for (const c of given) {
        this.logger.warn(`gave up on rebuild ${c.rebuild_id} chunk ${c.chunk_no}: ${MAX_REQUEUE_ROUNDS + 1} jobs failed or were lost (their errors: failed jobs matching.rebuild_chunk.${c.rebuild_id}.${c.chunk_no}*)`);
      }
      return given.length;
    });
  }

  /**
   * The jobs of `name` still to run, by their id without the reconciliation round: the first
   * enqueue's and any earlier pass's re-enqueue alike, so a pass never stacks another copy on a
   * job that is merely waiting its turn. One listing of the queue, not a look-up per item.
   */
  private async stillToRun(name: JobName): Promise<Set<string>> {
    const parts = name === 'matching.item' ? 5 : 4; // matching.item.<kind>.<id>.<version>, matching.rebuild_chunk.<rebuild>.<chunk>
    const ids = await this.producer.queue(QUEUE_OF[name]).getRanges(STILL_TO_RUN, 0, -1);
    return new Set(ids.filter((id) => id.startsWith(`${name}.`)).map((id) => id.split('.').slice(0, parts).join('.')));
  }
}
