import cluster from 'node:cluster';
import { announceReady } from './supervision';

/**
 * Runs `start` in `processes` forked copies sharing one listening port (Node's cluster), or in
 * this process when one is asked for. The primary only supervises: it restarts a copy that dies
 * unexpectedly and, on SIGTERM/SIGINT (or when its own supervisor goes away), stops them all and
 * waits for them to finish their requests. `primary` runs in the primary before any copy starts
 * (the cluster's metrics endpoint); if it fails, nothing starts. The launcher is told the API is
 * ready once it listens (its own port: a poll of the port could be answered by another server).
 * A copy that dies before any copy has listened is a failed start (a port in use, bad settings):
 * the primary exits rather than restart copies that would fail the same way for ever.
 */
export function runClustered(
  processes: number,
  start: () => Promise<void>,
  log: (line: string) => void,
  shutdownTimeoutMs: number,
  primary: () => Promise<void> = async () => undefined,
): void {
  if (processes <= 1 || !cluster.isPrimary) {
    // `start` exits the process when it fails; it resolves once the API listens.
    void start().then(() => cluster.isPrimary && announceReady());
    return;
  }
  let stopping = false;
  let listening = false;
  cluster.once('listening', () => {
    listening = true;
    announceReady();
  });
  const alive = () => Object.values(cluster.workers ?? {}).filter((w): w is NonNullable<typeof w> => !!w && !w.isDead());
  primary().then(
    () => {
      for (let i = 0; i < processes; i++) cluster.fork();
    },
    (err: unknown) => {
      log(`API failed to start: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
  let exitCode = 0;
  const stop = (signal: NodeJS.Signals, code = 0) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    for (const worker of alive()) worker.process.kill(signal);
    setTimeout(() => process.exit(1), shutdownTimeoutMs).unref();
    if (alive().length === 0) process.exit(exitCode);
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (alive().length === 0) process.exit(exitCode);
      return;
    }
    if (!listening) {
      log(`API process ${worker.process.pid} exited (${code ?? signal}) before the API could listen: not starting another`);
      stop('SIGTERM', 1);
      return;
    }
    log(`API process ${worker.process.pid} exited (${code ?? signal}); starting another`);
    setTimeout(() => cluster.fork(), 1_000);
  });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  if (typeof process.send === 'function') process.once('disconnect', () => stop('SIGTERM'));
}
