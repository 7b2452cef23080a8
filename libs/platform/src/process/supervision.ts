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
