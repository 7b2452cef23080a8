import { Worker } from 'node:worker_threads';

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

/** The message a supervised process sends its launcher once it has finished starting. */
export const READY_MESSAGE = { techbridge: 'ready' } as const;

/**
 * Tells the launcher this process has finished starting: it says the service is running only
 * then. Does nothing when not started by a launcher.
 */
export function announceReady(): void {
  if (typeof process.send === 'function' && process.connected) process.send(READY_MESSAGE);
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

/**
 * Runs on a thread of its own, so it acts even when the main thread never yields again.
 * Parent gone (this process re-parented, or already gone at start): wait out the grace, then end
 * the whole process.
 */
const ORPHAN_WATCHDOG = `
const { workerData } = require('node:worker_threads');
const orphaned = () => {
  clearInterval(poll);
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), workerData.graceMs);
};
const poll = setInterval(() => process.ppid !== workerData.parent && orphaned(), 250);
if (workerData.orphaned) orphaned();
`;

/**
 * The last word once the launcher is gone. exitWithSupervisor closes the app in order and its
 * timer ends a close that hangs, but both run on the main thread: a main thread that never
 * yields (a tight loop, a start-up stuck before exitWithSupervisor is installed) would keep an
 * orphan alive, writing into a terminal nobody owns. Call it first thing in main: a process still
 * here 5 s past its shutdown time-out after the launcher is gone is killed outright; jobs it was
 * running are redelivered by BullMQ's stalled-job check. Does nothing when not started by a launcher.
 */
export function killWhenOrphaned(shutdownTimeoutMs: number): void {
  if (typeof process.send !== 'function') return;
  const graceMs = shutdownTimeoutMs + 5_000;
  const watchdog = new Worker(ORPHAN_WATCHDOG, { eval: true, workerData: { parent: process.ppid, graceMs, orphaned: !process.connected } });
  watchdog.unref();
}
