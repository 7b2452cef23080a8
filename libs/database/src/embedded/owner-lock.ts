// An exclusive claim on a folder by one live process: a file holding the owner's pid. A claim
// whose pid is dead was left by a killed process and is taken over; a live one is refused.
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

export function acquireOwnerLock(file: string, pid = process.pid, isAlive = processIsAlive): OwnerLock {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written in full first, then hard-linked into place: the link is atomic and fails if the file
  // exists, so no one ever reads a half-written claim or two processes both create one.
  const draft = `${file}.${pid}.draft`;
  fs.writeFileSync(draft, `${pid}\n`);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        fs.linkSync(draft, file);
        return { file, release: () => removeIf(file, `${pid}\n`) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const content = read(file);
      if (content === undefined) continue; // its owner just released it
      const holder = Number(content.trim());
      // Our own pid: a claim of ours, or of a dead process whose pid we were given again.
      if (holder === pid) return { file, release: () => removeIf(file, content) };
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) throw new FolderInUseError(file, holder);
      // Stale. Removed only if unchanged, so a claim another process just made survives (bar a
      // window of one read and one unlink).
      removeIf(file, content);
    }
    throw new Error(`could not claim ${file}: it keeps changing`);
  } finally {
    fs.rmSync(draft, { force: true });
  }
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
