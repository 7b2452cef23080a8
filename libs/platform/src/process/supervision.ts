/**
 * When started by the launcher (`npm start`), a process has an IPC channel to it. If the
 * launcher disappears — even killed outright — the channel closes and we shut down cleanly
 * rather than linger as an orphan. A close that cannot finish (the embedded database went away
 * with the launcher, and a queue or pool waits for it) must not keep us alive either: after
 * `timeoutMs` we exit regardless.
 */
export function exitWithSupervisor(app: { close(): Promise<void> }, timeoutMs: number): void {
  if (typeof process.send !== 'function') return;
  const leave = () => {
    setTimeout(() => process.exit(1), timeoutMs).unref();
    void app.close().finally(() => process.exit(0));
  };
  // The launcher may have gone while we were starting (loading the matching index takes a while).
  if (!process.connected) leave();
  else process.once('disconnect', leave);
}

/**
 * On SIGTERM/SIGINT Nest's shutdown hooks close the app (workers wait for running jobs, the
 * HTTP server for open connections); a close that does not finish within `timeoutMs` must not
 * keep the process alive past what its orchestrator allows. Exits non-zero then: the jobs left
 * unfinished are redelivered by BullMQ's stalled-job check.
 */
export function exitAfterShutdownTimeout(timeoutMs: number, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  const arm = (signal: NodeJS.Signals) =>
    setTimeout(() => {
      log(`shutdown after ${signal} did not finish within SHUTDOWN_TIMEOUT_MS=${timeoutMs}; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => arm(signal));
}
