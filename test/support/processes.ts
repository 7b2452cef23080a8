import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { processStartTime } from '@techbridge/database';
import { eventually, testEnvVars } from './harness';

const root = path.resolve(__dirname, '../..');

/** A compiled entry point (`dist/…`), as production runs it, on this test worker's environment. */
export async function spawnEntry(entry: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null }> }> {
  const vars = await testEnvVars();
  const child = spawn(process.execPath, [path.join(root, entry)], { cwd: root, env: { ...process.env, ...vars, ...env }, stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited };
}

// Watching processes a test started, and their descendants, until they are gone.

/**
 * When each process we look at was started, noted when we first see it. Pids here wrap at 32768
 * and the suite starts processes fast: a pid that ended may soon belong to another process, which
 * must not count as the one we saw.
 */
const startTimes = new Map<number, string | undefined>();
export const seen = (pid: number): number => {
  startTimes.set(pid, processStartTime(pid));
  return pid;
};

/** Running: exists, is still the process we saw, and is not a zombie (an exited child its new parent has yet to reap). */
export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const start = startTimes.get(pid);
  if (start !== undefined && processStartTime(pid) !== start) return false;
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim().startsWith('Z');
  } catch {
    return false; // gone in between
  }
};

/** The ones still running, each with its command line: a failure says which process lingered. */
export const running = (pids: number[]): string[] =>
  pids.filter(alive).map((pid) => {
    try {
      return `${pid} ${execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim()}`;
    } catch {
      return `${pid} (gone)`;
    }
  });

/** Waits (within the test's own time-out) until none of `pids` runs, then expects that; a hang fails naming the lingering ones. */
export async function allStopped(pids: number[], timeoutMs = 30_000): Promise<void> {
  await eventually(async () => (pids.filter(alive).length === 0 ? true : undefined), timeoutMs).catch(() => undefined);
  expect(running(pids)).toEqual([]);
}

/** Every process the launcher started: its children (API, worker, PostgreSQL) and theirs. */
export function descendants(pid: number): number[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  const pairs = out.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of pairs) {
      if (ppid !== parent) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found.map(seen);
}


/** A process (or, negative, a process group) that may have ended in between. */
export function sigkill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

/** SIGKILLs every process seen that still runs: what a failed test left behind. */
export function killLeftovers(): void {
  for (const pid of [...startTimes.keys()].filter(alive)) sigkill(pid);
}
