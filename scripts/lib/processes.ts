import { type ChildProcess, spawn } from 'node:child_process';
import { READY_MESSAGE } from '@techbridge/platform';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  /** Resolves when the process says it has finished starting (announceReady); never, if it does not. */
  ready: Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited within the timeout. */
  stop(timeoutMs: number): Promise<void>;
}

/**
 * Starts a Node entry point in its own process group (so a terminal Ctrl-C reaches only the
 * launcher, which decides the order of shutdown) with an IPC channel: if the launcher dies,
 * the channel closes and the child shuts itself down instead of lingering.
 */
export function startNodeProcess(
  name: string,
  entry: string,
  env: Record<string, string | undefined>,
  options: { pipeStdout?: boolean; nodeArgs?: readonly string[] } = {},
): ManagedProcess {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), entry], {
    env: { ...env, TECHBRIDGE_SUPERVISED: '1' },
    // A benchmark reads the worker's log lines; everyone else lets them through.
    stdio: ['ignore', options.pipeStdout ? 'pipe' : 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  let expected = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const ready = new Promise<void>((resolve) => {
    child.on('message', (message: unknown) => {
      if ((message as { techbridge?: unknown } | null)?.techbridge === READY_MESSAGE.techbridge) resolve();
    });
  });
  return {
    name,
    child,
    ready,
    exited: exited.then((code) => (expected ? new Promise<never>(() => undefined) : code)),
    async stop(timeoutMs) {
      expected = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The worker's heap cap when WORKER_MAX_HEAP_MB is not set (see docs/operations.md). */
export const DEFAULT_WORKER_MAX_HEAP_MB = 640;

/**
 * Node options for a worker process. Without a cap V8 sizes the heap from the machine's memory
 * and lets a worker holding the matching index grow to several times what it uses before it
 * collects; the cap keeps it near its need (≈ 330 MiB at 100k achievements + 20k demands).
 */
export function workerNodeArgs(env: Record<string, string | undefined>): string[] {
  return [`--max-old-space-size=${env.WORKER_MAX_HEAP_MB || DEFAULT_WORKER_MAX_HEAP_MB}`];
}

/** Polls until the URL answers 200 (a readiness probe), or fails after the timeout. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Waits until the process says it has finished starting, or fails after the timeout. */
export async function waitForReady(managed: ManagedProcess, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the ${managed.name} did not finish starting within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([managed.ready, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `onGone` once the process that started this one has exited (this one was re-parented).
 * Polled: Node has no event for it.
 */
export function watchParent(onGone: () => void, intervalMs = 500): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
}
