import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireOwnerLock, FolderInUseError, processStartTime, type ProcessProbe } from './owner-lock';

describe('acquireOwnerLock', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owner-lock-'));
    file = path.join(dir, 'owner.pid');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  /** Processes `pids` alive, with no start times known (as where there is no /proc). */
  const alive = (...pids: number[]): ProcessProbe => ({ isAlive: (pid) => pids.includes(pid), startTime: () => undefined });
  /** Live processes with the start times given. */
  const started = (starts: Record<number, string>): ProcessProbe => ({ isAlive: (pid) => pid in starts, startTime: (pid) => starts[pid] });

  it('records the pid of its owner, and release removes it', () => {
    const lock = acquireOwnerLock(file, 101, alive());
    expect(fs.readFileSync(file, 'utf8')).toBe('101\n');
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses a second owner while the first is alive, naming it, and leaves the claim alone', () => {
    acquireOwnerLock(file, 101, alive());
    let error: unknown;
    try {
      acquireOwnerLock(file, 202, alive(101));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FolderInUseError);
    expect(error).toMatchObject({ pid: 101, lockFile: file });
    expect(fs.readFileSync(file, 'utf8')).toBe('101\n');
  });

  it('takes over the claim of a dead owner', () => {
    acquireOwnerLock(file, 101, alive());
    acquireOwnerLock(file, 202, alive());
    expect(fs.readFileSync(file, 'utf8')).toBe('202\n');
  });

  it('takes over a claim that holds no pid', () => {
    fs.writeFileSync(file, 'garbage');
    acquireOwnerLock(file, 202, alive(0));
    expect(fs.readFileSync(file, 'utf8')).toBe('202\n');
  });

  it('release leaves a claim that is no longer its own', () => {
    const first = acquireOwnerLock(file, 101, alive());
    acquireOwnerLock(file, 202, alive()); // 101 was taken for dead
    first.release();
    expect(fs.readFileSync(file, 'utf8')).toBe('202\n');
  });

  it('records when its owner started, and takes over a claim whose pid now belongs to a later process', () => {
    acquireOwnerLock(file, 101, started({ 101: '5000' }));
    expect(fs.readFileSync(file, 'utf8')).toBe('101 5000\n');
    // 101 is alive and started at 5000: the owner itself.
    expect(() => acquireOwnerLock(file, 202, started({ 101: '5000', 202: '6000' }))).toThrow(FolderInUseError);
    // 101 died and its pid went to a process started at 7000.
    acquireOwnerLock(file, 202, started({ 101: '7000', 202: '6000' }));
    expect(fs.readFileSync(file, 'utf8')).toBe('202 6000\n');
  });

  it('reads a live process start time from /proc (nothing where there is no /proc), and none for a pid no process has', () => {
    expect(processStartTime(process.pid)).toEqual(fs.existsSync('/proc/self/stat') ? expect.stringMatching(/^\d+$/) : undefined);
    expect(processStartTime(2 ** 22 + 1)).toBeUndefined(); // above Linux's largest pid
  });
});
