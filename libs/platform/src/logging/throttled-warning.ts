/**
 * A warning for outages that report the same failure many times a second (every pooled
 * connection, every queue, every retry): logged at most once per interval, with how many were
 * held back since the last one, so the log says what is wrong without burying everything else.
 */
export function throttledWarning(warn: (message: string) => void, intervalMs = 30_000): (message: string) => void {
  let lastAt = -Infinity;
  let heldBack = 0;
  return (message) => {
    const now = Date.now();
    if (now - lastAt < intervalMs) {
      heldBack += 1;
      return;
    }
    lastAt = now;
    warn(heldBack ? `${message} (and ${heldBack} more like it since the last warning)` : message);
    heldBack = 0;
  };
}
