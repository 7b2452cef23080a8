import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { acquireOwnerLock, type OwnerLock, processIsAlive } from './owner-lock';
import { postgresBinaries, type ServerUser, unprivilegedServerUser } from './postgres-binaries';

/**
 * Room for two API and two worker processes at their most (about 16 and 35 connections each:
 * docs/operations.md, "Connections") and the launcher, with as much again to spare; PostgreSQL's
 * default of 100 left none.
 */
const MAX_CONNECTIONS = 200;

export interface EmbeddedPostgresOptions {
  /** Folder for the cluster; created and initialised on first start, reused afterwards. */
  dataDir: string;
  /** Where server messages go (initdb and postgres write a lot; default: dropped). */
  onLog?: (line: string) => void;
  /** Where the server's port comes from (default: one the system finds free). */
  freePort?: () => Promise<number>;
}

interface Credentials {
  user: string;
  password: string;
}

/**
 * A real PostgreSQL server run from the binaries in node_modules, for the quick start and for
 * tests on machines without PostgreSQL. It listens on 127.0.0.1 only, on a free port (never
 * colliding with a server already on 5432), in its own process group so a Ctrl-C in the
 * terminal reaches the launcher, which stops the database last. The process that starts it
 * claims the folder (owner.pid) until it stops it: a second one is refused with FolderInUseError.
 */
export class EmbeddedPostgres {
  private process?: ChildProcess;
  private lock?: OwnerLock;
  private exitedWith?: Promise<number | string>;
  port = 0;
  private credentials?: Credentials;
  readonly dataDir: string;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.dataDir = resolveDataDir(options.dataDir, unprivilegedServerUser(), options.onLog);
  }

  url(database: string): string {
    if (!this.credentials) throw new Error('embedded PostgreSQL is not started');
    const { user, password } = this.credentials;
    return `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${this.port}/${database}`;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Resolves with the exit code (or signal) when the server ends, whether stopped or not. */
  get exited(): Promise<number | string> {
    if (!this.exitedWith) throw new Error('embedded PostgreSQL is not started');
    return this.exitedWith;
  }

  async start(): Promise<void> {
    this.lock = acquireOwnerLock(path.join(this.dataDir, 'owner.pid'));
    try {
      await this.launch();
    } catch (err) {
      this.releaseLock();
      throw err;
    }
    // If this process exits without stopping us, do not leave the server behind.
    process.once('exit', this.killOnExit);
  }

  private async launch(): Promise<void> {
    const user = unprivilegedServerUser();
    const clusterDir = path.join(this.dataDir, 'cluster');
    this.credentials = loadOrCreateCredentials(path.join(this.dataDir, 'credentials.json'));
    if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) await this.initdb(clusterDir, user);
    await stopStaleServer(clusterDir);
    // The port was free when probed; another program may take it before the server binds it.
    for (let attempt = 1; ; attempt++) {
      this.port = await (this.options.freePort ?? freePort)();
      const outcome = await this.serve(clusterDir, user);
      if (outcome === 'started') return;
      if (attempt === PORT_ATTEMPTS) throw new Error(`embedded PostgreSQL found ${PORT_ATTEMPTS} free ports taken before it could listen`);
    }
  }

  /** Runs the server on `this.port`: `port_taken` when it exited because something else listens there. */
  private async serve(clusterDir: string, user: ServerUser | undefined): Promise<'started' | 'port_taken'> {
    const { postgres } = postgresBinaries();
    const child = spawn(
      postgres,
      ['-D', clusterDir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', `max_connections=${MAX_CONNECTIONS}`],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...(user ? { uid: user.uid, gid: user.gid } : {}) },
    );
    this.process = child;
    this.exitedWith = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
    let output = '';
    return new Promise<'started' | 'port_taken'>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        output += text;
        this.options.onLog?.(text.trimEnd());
        if (text.includes('ready to accept connections')) resolve('started');
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        if (/could not bind .*Address already in use/.test(output)) resolve('port_taken');
        else reject(new Error(`embedded PostgreSQL exited during start-up (code ${code})`));
      });
      child.once('error', reject);
    });
  }

  private readonly killOnExit = (): void => {
    if (this.process?.pid && this.process.exitCode === null) {
      try {
        process.kill(this.process.pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
    this.releaseLock();
  };

  private releaseLock(): void {
    this.lock?.release();
    this.lock = undefined;
  }

  /** Fast shutdown (SIGINT): active sessions are disconnected and the data is flushed. */
  async stop(timeoutMs = 5_000): Promise<void> {
    const child = this.process;
    process.removeListener('exit', this.killOnExit);
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const stopped = await Promise.race([this.exitedWith!.then(() => true), delay(timeoutMs).then(() => false)]);
      if (!stopped) {
        child.kill('SIGKILL');
        await this.exitedWith;
      }
    }
    this.process = undefined;
    this.releaseLock();
  }

  private async initdb(clusterDir: string, user: ServerUser | undefined): Promise<void> {
    fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
    if (user) fs.chownSync(clusterDir, user.uid, user.gid);
    const pwfile = path.join(os.tmpdir(), `techbridge-pw-${randomBytes(6).toString('hex')}`);
    fs.writeFileSync(pwfile, `${this.credentials!.password}\n`, { mode: 0o644 });
    if (user) fs.chownSync(pwfile, user.uid, user.gid);
    try {
      await run(postgresBinaries().initdb, [
        `--pgdata=${clusterDir}`,
        `--username=${this.credentials!.user}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ], user, this.options.onLog);
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
  }
}

// A plain timer: unref'd, it would let the process exit mid start-up when nothing else is pending.
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function run(cmd: string, args: string[], user: ServerUser | undefined, onLog?: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ? { uid: user.uid, gid: user.gid } : {}) });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      onLog?.(chunk.toString('utf8').trimEnd());
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} failed (code ${code}): ${output.slice(-2000)}`))));
  });
}

/** Tries of a new port when the one probed free is taken before the server listens. */
const PORT_ATTEMPTS = 3;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function loadOrCreateCredentials(file: string): Credentials {
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials;
  const credentials = { user: 'techbridge', password: randomBytes(18).toString('base64url') };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

/**
 * A server left running by a launcher that was killed (SIGKILL) holds the data folder; stop it
 * first. Called only with the folder claimed: whoever started that server is no longer alive.
 */
async function stopStaleServer(clusterDir: string): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processIsAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && processIsAlive(pid); i++) await delay(100);
}

/**
 * When we run as root the server runs as another user, who must be able to reach the data
 * folder. If a parent folder (say /root) is closed to that user, fall back to a folder under the
 * system temp directory and say so.
 */
function resolveDataDir(wanted: string, user: ServerUser | undefined, onLog?: (line: string) => void): string {
  const dir = path.resolve(wanted);
  fs.mkdirSync(dir, { recursive: true });
  if (!user) return dir;
  if (reachableBy(dir, user)) {
    fs.chownSync(dir, user.uid, user.gid);
    return dir;
  }
  const fallback = path.join(os.tmpdir(), `techbridge-postgres-${Buffer.from(dir).toString('base64url').slice(-16)}`);
  fs.mkdirSync(fallback, { recursive: true });
  fs.chownSync(fallback, user.uid, user.gid);
  onLog?.(`${dir} is not reachable by user ${user.name}; keeping the database in ${fallback}`);
  return fallback;
}

function reachableBy(dir: string, user: ServerUser): boolean {
  for (let p = path.dirname(dir); ; p = path.dirname(p)) {
    const st = fs.statSync(p);
    const canSearch = st.uid === user.uid ? st.mode & 0o100 : st.gid === user.gid ? st.mode & 0o010 : st.mode & 0o001;
    if (!canSearch) return false;
    if (p === path.dirname(p)) return true;
  }
}
