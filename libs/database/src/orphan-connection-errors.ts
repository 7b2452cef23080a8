import { Logger } from '@nestjs/common';
import { throttledWarning } from '@techbridge/platform';
import { Client } from 'pg';

let reportOrphan: ((err: Error) => void) | undefined;

/**
 * Makes an error on a PostgreSQL connection that nobody is listening to a logged event instead of
 * a crash of the whole process.
 *
 * pg reports a connection the server ends (a restart, a failover, `pg_terminate_backend`) as an
 * 'error' event on the client, and an 'error' event without a listener throws. pg-pool takes its
 * own listener off a client while it is checked out, and its holders attach theirs only later:
 * TypeORM a microtask after the pool hands it over, BullMQ's LISTEN client after `connect()`
 * resolves; BullMQ's `close()` removes every listener before `end()`. When the server's FATAL
 * arrives in the same read as the end of the handshake, or during that `end()`, no one is
 * listening and the worker died of it (seen when the embedded PostgreSQL stopped under load).
 * Whoever holds such a client still learns of it: its next query fails, and jobs retry.
 * Installed once per process; a later call only replaces `report`.
 */
export function guardOrphanConnectionErrors(report: (err: Error) => void): void {
  const installed = reportOrphan !== undefined;
  reportOrphan = report;
  if (installed) return;
  const prototype = Client.prototype;
  const emit = prototype.emit;
  prototype.emit = function (this: Client, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'error' && this.listenerCount('error') === 0 && reportOrphan) {
      reportOrphan(args[0] instanceof Error ? args[0] : new Error(String(args[0])));
      return false;
    }
    return emit.call(this, event, ...args);
  };
}

/** For the API and the worker: such errors as a throttled warning in the process's log. */
export function logOrphanConnectionErrors(warn: (message: string) => void = (m) => new Logger('Database').warn(m)): void {
  const throttled = throttledWarning(warn);
  guardOrphanConnectionErrors((err) => throttled(`the database closed a connection between queries (${err.message}); the next use reconnects`));
}
