/**
 * When started by the launcher (`npm start`), a process has an IPC channel to it. If the
 * launcher disappears — even killed outright — the channel closes and we shut down cleanly
 * rather than linger as an orphan.
 */
export function exitWithSupervisor(app: { close(): Promise<void> }): void {
  if (typeof process.send !== 'function') return;
  process.once('disconnect', () => {
    void app.close().finally(() => process.exit(0));
  });
}
