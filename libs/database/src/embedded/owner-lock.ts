// An exclusive claim on a folder by one live process: a file holding the owner's pid (and, where
// /proc tells it, when that process started). A claim whose owner is dead was left by a killed
// process and is taken over, even when its pid has since been given to another process; a live
// one is refused.
import fs from 'node:fs';
import path from 'node:path';

export class FolderInUseError extends Error {
  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(`${path.dirname(lockFile)} is in use by process ${pid} (if it is not, delete ${lockFile})`);
  }
}

export interface OwnerLock {
  readonly file: string;
  /** Removes the claim if it is still ours. */
  release(): void;
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When a process started (clock ticks after boot, from /proc/<pid>/stat), or undefined where that cannot be read. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22; the name in parentheses (field 2) may hold spaces, so count from after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] || undefined;
  } catch {
    return undefined;
  }
}

export interface ProcessProbe {
  isAlive(pid: number): boolean;
  startTime(pid: number): string | undefined;
}

export const LOCAL_PROCESSES: ProcessProbe = { isAlive: processIsAlive, startTime: processStartTime };

export function acquireOwnerLock(file: string, pid = process.pid, processes: ProcessProbe = LOCAL_PROCESSES): OwnerLock {
  const claim = [pid, processes.startTime(pid)].filter((part) => part !== undefined).join(' ') + '\n';
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written in full first, then hard-linked into place: the link is atomic and fails if the file
  // exists, so no one ever reads a half-written claim or two processes both create one.
  const draft = `${file}.${pid}.draft`;
  fs.writeFileSync(draft, claim);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        fs.linkSync(draft, file);
        return { file, release: () => removeIf(file, claim) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const content = read(file);
      if (content === undefined) continue; // its owner just released it
      const [holderPid, holderStart] = content.trim().split(/\s+/);
      const holder = Number(holderPid);
      // Our own pid: a claim of ours, or of a dead process whose pid we were given again.
      if (holder === pid) return { file, release: () => removeIf(file, content) };
      if (Number.isInteger(holder) && holder > 0 && isOwnerAlive(processes, holder, holderStart)) throw new FolderInUseError(file, holder);
      // Stale. Removed only if unchanged, so a claim another process just made survives (bar a
      // window of one read and one unlink).
      removeIf(file, content);
    }
    throw new Error(`could not claim ${file}: it keeps changing`);
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

/** Alive, and the same process: a live pid that started at another time is a later process given a dead owner's pid. */
function isOwnerAlive(processes: ProcessProbe, pid: number, recordedStart: string | undefined): boolean {
  if (!processes.isAlive(pid)) return false;
  const start = recordedStart && processes.startTime(pid);
  return !start || start === recordedStart;
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function removeIf(file: string, content: string): void {
  if (read(file) === content) fs.rmSync(file, { force: true });
}
