import cluster from 'node:cluster';

/**
 * Runs `start` in `processes` forked copies sharing one listening port (Node's cluster), or in
 * this process when one is asked for. The primary only supervises: it restarts a copy that dies
 * unexpectedly and, on SIGTERM/SIGINT (or when its own supervisor goes away), stops them all and
 * waits for them to finish their requests. `primary` runs in the primary before any copy starts
 * (the cluster's metrics endpoint); if it fails, nothing starts.
 */
export function runClustered(
  processes: number,
  start: () => Promise<void>,
  log: (line: string) => void,
  shutdownTimeoutMs: number,
  primary: () => Promise<void> = async () => undefined,
): void {
  if (processes <= 1 || !cluster.isPrimary) {
    void start();
    return;
  }
  let stopping = false;
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
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (alive().length === 0) process.exit(0);
      return;
    }
    log(`API process ${worker.process.pid} exited (${code ?? signal}); starting another`);
    setTimeout(() => cluster.fork(), 1_000);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const worker of alive()) worker.process.kill(signal);
    setTimeout(() => process.exit(1), shutdownTimeoutMs).unref();
    if (alive().length === 0) process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  if (typeof process.send === 'function') process.once('disconnect', () => stop('SIGTERM'));
}
