import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CatalogKind, NIL_ID } from '@techbridge/domain';
import { MatchingEngine } from '@techbridge/matching';
import { AppEnv, Metrics } from '@techbridge/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { isMatchable, type ItemRow, MATCHABLE_COLUMNS, MATCHABLE_SQL, TABLE_OF, toMatchableAchievement, toMatchableDemand } from './matchable-items';

/**
 * Loading leaves hundreds of MiB of parsed rows and analysis scraps in the old generation, which
 * V8 would collect only when the heap has grown well past them: the worker's peak memory would
 * then sit that much above what the index needs. One full collection right after loading lets
 * later work reuse that space instead.
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const HEAP_WARNING_SHARE = 0.6;
// Small pages: indexing is synchronous, and the event loop must keep renewing job locks meanwhile.
const PAGE = 500;
const KINDS: readonly CatalogKind[] = ['demand', 'achievement'];

/**
 * This worker process's in-memory matching index over every published item. Several worker
 * processes each keep their own: before each job, `sync` applies what other transactions
 * changed since this one's last snapshot (items carry the id of the transaction that last
 * changed them; everything not yet visible at a snapshot has an id ≥ its xmin).
 */
@Injectable()
export class MatchIndex implements OnApplicationBootstrap {
  private readonly logger = new Logger('MatchIndex');
  private engineInstance: MatchingEngine | undefined;
  private readonly indexed: Record<CatalogKind, Map<string, number>> = { demand: new Map(), achievement: new Map() };
  private sinceTxid = '0';
  private loading: Promise<void> | undefined;
  private syncing: Promise<void> | undefined;
  private nextSync: Promise<void> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: AppEnv,
    metrics: Metrics,
  ) {
    metrics.gauge('techbridge_matching_index_items', 'Items in this worker’s in-memory matching index (0 until it has loaded)', ['kind'], async (gauge) => {
      const size = this.engineInstance?.size ?? { demand: 0, achievement: 0 };
      for (const kind of KINDS) gauge.set({ kind }, size[kind]);
    });
  }

  /** Starts loading in the background: start-up is not held up, the first job waits if it must. */
  onApplicationBootstrap(): void {
    if (this.env.matchingPreload) void this.current().catch((err: unknown) => this.logger.error(`matching index failed to load: ${err instanceof Error ? err.message : String(err)}`));
  }

  /** The engine, loaded on first use and brought up to date with every committed change. */
  async current(): Promise<MatchingEngine> {
    this.loading ??= this.load().catch((err: unknown) => {
      this.loading = undefined;
      throw err;
    });
    await this.loading;
    await this.sync();
    return this.engineInstance!;
  }

  /** The version of the item the index holds; undefined when it is not matchable. */
  versionOf(kind: CatalogKind, id: string): number | undefined {
    return this.indexed[kind].get(id);
  }

  private async load(): Promise<void> {
    const started = Date.now();
    this.engineInstance = new MatchingEngine();
    // A load that failed half-way left versions of items its engine held: the new engine holds none.
    for (const kind of KINDS) this.indexed[kind].clear();
    await this.snapshot(async (manager, xmin) => {
      for (const kind of KINDS) {
        let after = NIL_ID;
        for (;;) {
          const rows: ItemRow[] = await manager.query(
            `SELECT ${MATCHABLE_COLUMNS[kind]} FROM ${TABLE_OF[kind]} WHERE ${MATCHABLE_SQL} AND id > $1 ORDER BY id LIMIT ${PAGE}`,
            [after],
          );
          for (const row of rows) this.apply(kind, row);
          if (rows.length < PAGE) break;
          after = rows[rows.length - 1]!.id;
        }
      }
      this.sinceTxid = xmin;
    });
    collectGarbage();
    const size = this.engineInstance.size;
    const heap = getHeapStatistics();
    const [usedMiB, limitMiB] = [heap.used_heap_size, heap.heap_size_limit].map((b) => Math.round(b / 2 ** 20));
    this.logger.log(`loaded ${size.demand} demands and ${size.achievement} achievements in ${Date.now() - started} ms (heap ${usedMiB} of ${limitMiB} MiB)`);
    // Past this, the worker spends more and more time collecting, then fails when the catalogue grows.
    if (usedMiB > HEAP_WARNING_SHARE * limitMiB) {
      this.logger.warn(`the matching index fills ${Math.round((100 * usedMiB) / limitMiB)}% of the worker's heap: raise WORKER_MAX_HEAP_MB`);
    }
  }

  /**
   * Applies every change committed before the call. A caller arriving while a pass runs may
   * need changes that pass's snapshot missed, so it waits for the next pass (shared by all
   * who arrived meanwhile).
   */
  sync(): Promise<void> {
    if (!this.syncing) {
      this.syncing = this.pass().finally(() => {
        this.syncing = undefined;
      });
      return this.syncing;
    }
    this.nextSync ??= this.syncing
      .catch(() => undefined)
      .then(() => {
        this.nextSync = undefined;
        return this.sync();
      });
    return this.nextSync;
  }

  private pass(): Promise<void> {
    return this.snapshot(async (manager, xmin) => {
      for (const kind of KINDS) {
        const rows: ItemRow[] = await manager.query(`SELECT ${MATCHABLE_COLUMNS[kind]} FROM ${TABLE_OF[kind]} WHERE change_txid >= $1`, [this.sinceTxid]);
        for (const row of rows) this.apply(kind, row);
      }
      this.sinceTxid = xmin;
    });
  }

  /** Runs `read` in one repeatable-read snapshot and hands it that snapshot's xmin. */
  private snapshot(read: (manager: EntityManager, xmin: string) => Promise<void>): Promise<void> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [{ xmin }] = (await manager.query(`SELECT txid_snapshot_xmin(txid_current_snapshot())::text AS xmin`)) as Array<{ xmin: string }>;
      await read(manager, xmin);
    });
  }

  private apply(kind: CatalogKind, row: ItemRow): void {
    const engine = this.engineInstance!;
    const versions = this.indexed[kind];
    if (!isMatchable(row)) {
      if (!versions.delete(row.id)) return;
      if (kind === 'demand') engine.removeDemand(row.id);
      else engine.removeAchievement(row.id);
      return;
    }
    if (versions.get(row.id) === row.version) return;
    if (kind === 'demand') engine.upsertDemand(toMatchableDemand(row));
    else engine.upsertAchievement(toMatchableAchievement(row));
    versions.set(row.id, row.version);
  }
}
