import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireOwnerLock, FolderInUseError } from './owner-lock';

describe('acquireOwnerLock', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owner-lock-'));
    file = path.join(dir, 'owner.pid');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const alive = (...pids: number[]) => (pid: number) => pids.includes(pid);

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
});
