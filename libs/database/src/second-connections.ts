import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

interface Pool {
  connect(...args: unknown[]): unknown;
}

const inTransaction = new AsyncLocalStorage<true>();
/** Call sites reported (each once, however often it runs) are remembered up to this many. */
const MAX_REPORTED = 200;

/**
 * Reports each pooled connection asked for while the same async context holds a transaction of
 * `dataSource` (its callback, and everything it awaits): a query on the pool, or on a repository or
 * a manager other than the transaction's own, where the transaction's manager should have been
 * passed down. Harmless on an idle pool, it hangs every request under load: once every connection
 * is held by such a transaction, each waits for a second one that never comes. `report` gets the
 * stack of the query that asked, which names the use case (V8 keeps async stacks).
 */
export function watchSecondConnections(dataSource: DataSource, report: (stack: string) => void): void {
  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  // DataSource.transaction opens each through its manager; the callback runs once the transaction's connection is held.
  manager.transaction = ((isolationOrWork: unknown, maybeWork?: unknown) => {
    const work = (typeof isolationOrWork === 'function' ? isolationOrWork : maybeWork) as (within: EntityManager) => Promise<unknown>;
    const watched = (within: EntityManager) => inTransaction.run(true, () => work(within));
    return typeof isolationOrWork === 'function' ? transaction(watched) : transaction(isolationOrWork, watched);
  }) as EntityManager['transaction'];
  const driver = dataSource.driver as unknown as { master?: Pool; slaves?: Pool[] };
  for (const pool of [driver.master, ...(driver.slaves ?? [])]) {
    if (!pool) continue;
    const connect = pool.connect.bind(pool);
    pool.connect = (...args: unknown[]) => {
      if (inTransaction.getStore()) report(new Error('a second pooled connection was asked for inside a transaction').stack ?? '');
      return connect(...args);
    };
  }
}

/**
 * For the API and the worker: each call site once, as an error in the process's log. `strict` (the
 * test suite) also fails the query that asked, so a test on an idle pool, where it would pass, fails.
 */
export function logSecondConnections(dataSource: DataSource, options: { strict?: boolean; error?: (message: string) => void } = {}): void {
  const error = options.error ?? ((m: string) => new Logger('Database').error(m));
  const reported = new Set<string>();
  watchSecondConnections(dataSource, (stack) => {
    const message = `a transaction asked the pool for a second connection: pass its EntityManager down instead (under load this hangs every request). ${stack}`;
    if (!reported.has(stack) && reported.size < MAX_REPORTED) {
      reported.add(stack);
      error(message);
    }
    if (options.strict) throw new Error(message);
  });
}
