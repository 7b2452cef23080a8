import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@techbridge/database';
import { eventually } from './support/harness';

const root = path.resolve(__dirname, '..');

interface Launch {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; ms: number }>;
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

/** Runs the README's run command (the compiled launcher) with no DATABASE_URL and no REDIS_URL. */
function launch(dataDir: string, port: number): Launch {
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'QUEUE_BACKEND', 'JEST_WORKER_ID', 'TECHBRIDGE_TEST_SERVICES']) delete env[name];
  const child = spawn(process.execPath, [path.join(root, 'dist/scripts/start.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  let stoppedAt = Date.now();
  const exit = new Promise<{ code: number | null; ms: number }>((resolve) => child.once('exit', (code) => resolve({ code, ms: Date.now() - stoppedAt })));
  return {
    child,
    output: () => text,
    exit,
    stop(signal) {
      stoppedAt = Date.now();
      child.kill(signal);
      return exit;
    },
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Every process the launcher started: its children (API, worker, PostgreSQL) and theirs. */
function descendants(pid: number): number[] {
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
  return found;
}

describe('the quick start (npm start) on the embedded default', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'techbridge-quickstart-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  let pingId: string;
  let auth: Record<string, string>;

  it('starts embedded PostgreSQL, migrates, runs API and worker, prints where to look, and stops cleanly on SIGINT', async () => {
    const port = await freePort();
    const run = launch(dataDir, port);
    try {
      await eventually(async () => (run.output().includes('TechBridge is running.') ? true : undefined), 120_000);
      expect(run.output()).toContain(`http://localhost:${port}/api/v1`);
      expect(run.output()).toContain(`http://localhost:${port}/docs`);
      expect(run.output()).toContain('queue backend postgres');

      const ready = await fetch(`http://localhost:${port}/health/ready`);
      expect(ready.status).toBe(200);
      // The demo data set was loaded into the new database, and is there for anyone to browse.
      expect(run.output()).toMatch(/demo data loaded: \d+ organisations, \d+ demands, \d+ achievements/);
      const demands = (await (await fetch(`http://localhost:${port}/api/v1/demands?fieldCode=equipment`)).json()) as { total: number };
      expect(demands.total).toBeGreaterThan(10);
      const [, demoEmail, demoPassword] = /Demo +(\S+) \/ (\S+)/.exec(run.output())!;
      const demo = (await (await fetch(`http://localhost:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: demoEmail, password: demoPassword }) })).json()) as { user: { organizationId: string }; tokens: { accessToken: string } };
      // The worker matched the demo catalogue on the embedded default (BullMQ's PostgreSQL backend).
      const demoAuth = { authorization: `Bearer ${demo.tokens.accessToken}` };
      const own = (await (await fetch(`http://localhost:${port}/api/v1/demands?organizationId=${demo.user.organizationId}&status=published`, { headers: demoAuth })).json()) as { items: Array<{ id: string }> };
      const demandId = own.items[0]!.id;
      await eventually(async () => {
        const item = (await (await fetch(`http://localhost:${port}/api/v1/demands/${demandId}`, { headers: demoAuth })).json()) as { matching: { state: string } };
        return item.matching.state === 'ready' ? true : undefined;
      }, 120_000);
      const matches = (await (await fetch(`http://localhost:${port}/api/v1/demands/${demandId}/matches`, { headers: demoAuth })).json()) as { items: Array<{ score: number; explanation: { text: string } }> };
      expect(matches.items.length).toBeGreaterThan(0);
      expect(matches.items[0]!.explanation.text.length).toBeGreaterThan(0);
      // A demo 对接会 was scheduled by the worker and published: the demo user has an agenda waiting.
      expect(run.output()).toMatch(/demo 对接会 published: .+ \(\d+ participants, [1-9]\d* of \d+ accepted meetings scheduled\)/);
      const get = async <T>(path: string) => (await (await fetch(`http://localhost:${port}/api/v1${path}`, { headers: demoAuth })).json()) as T;
      const published = await get<{ items: Array<{ id: string; title: string; agendaVersion: number }> }>('/events?status=published');
      expect(published.items).toHaveLength(1);
      const demoEvent = published.items[0]!;
      expect(demoEvent.agendaVersion).toBe(1);
      const participants = await get<Array<{ id: string; organizationId: string; status: string }>>(`/events/${demoEvent.id}/participants`);
      const mine = participants.find((p) => p.organizationId === demo.user.organizationId)!;
      expect(mine.status).toBe('approved');
      const agenda = await get<{ items: Array<{ status: string; counterpart: { organizationName: string } }> }>(`/events/${demoEvent.id}/participants/${mine.id}/agenda`);
      expect(agenda.items.length).toBeGreaterThan(0);
      for (const item of agenda.items) expect(item).toMatchObject({ status: 'scheduled', counterpart: { organizationName: expect.stringMatching(/大学|研究/) } });
      const ics = await (await fetch(`http://localhost:${port}/api/v1/events/${demoEvent.id}/participants/${mine.id}/agenda.ics`, { headers: demoAuth })).text();
      expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(agenda.items.length);
      // …and a second event is open for registration.
      expect((await get<{ total: number }>('/events?status=registration')).total).toBe(1);
      const [, email, password] = /Admin +(\S+) \/ (\S+)/.exec(run.output())!;
      const login = (await (await fetch(`http://localhost:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).json()) as { tokens: { accessToken: string } };
      auth = { authorization: `Bearer ${login.tokens.accessToken}` };
      const posted = (await (await fetch(`http://localhost:${port}/api/v1/system/pings`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: '{"note":"first run"}' })).json()) as { id: string };
      pingId = posted.id;
      await eventually(async () => {
        const ping = (await (await fetch(`http://localhost:${port}/api/v1/system/pings/${pingId}`, { headers: auth })).json()) as { status: string };
        return ping.status === 'processed' ? ping : undefined;
      });

      const processes = descendants(run.child.pid!);
      expect(processes.length).toBeGreaterThanOrEqual(3); // API, worker, PostgreSQL (+ its backends)
      const { code, ms } = await run.stop('SIGINT');
      expect(code).toBe(0);
      expect(ms).toBeLessThan(15_000);
      expect(processes.filter(alive)).toEqual([]);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 240_000);

  it('a second start reuses the data, and SIGTERM stops it as cleanly', async () => {
    const port = await freePort();
    const run = launch(dataDir, port);
    try {
      await eventually(async () => (run.output().includes('TechBridge is running.') ? true : undefined), 120_000);
      expect(run.output()).toContain('database schema is up to date');
      expect(run.output()).not.toContain('loading the demo data');
      const [, email, password] = /Admin +(\S+) \/ (\S+)/.exec(run.output())!;
      const login = (await (await fetch(`http://localhost:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).json()) as { tokens: { accessToken: string } };
      // Same generated admin as the first run: its password was kept with the data.
      expect(login.tokens.accessToken).toEqual(expect.any(String));
      const ping = await (await fetch(`http://localhost:${port}/api/v1/system/pings/${pingId}`, { headers: { authorization: `Bearer ${login.tokens.accessToken}` } })).json();
      expect(ping).toMatchObject({ id: pingId, note: 'first run', status: 'processed' });
      const processes = descendants(run.child.pid!);
      const { code, ms } = await run.stop('SIGTERM');
      expect(code).toBe(0);
      expect(ms).toBeLessThan(15_000);
      expect(processes.filter(alive)).toEqual([]);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 120_000);

  it('after the launcher is killed outright, the next start takes over the orphaned database and loses nothing', async () => {
    const first = launch(dataDir, await freePort());
    await eventually(async () => (first.output().includes('TechBridge is running.') ? true : undefined), 120_000);
    const orphans = descendants(first.child.pid!);
    first.child.kill('SIGKILL');
    await first.exit;
    const port = await freePort();
    const run = launch(dataDir, port);
    try {
      await eventually(async () => (run.output().includes('TechBridge is running.') ? true : undefined), 120_000);
      const [, email, password] = /Admin +(\S+) \/ (\S+)/.exec(run.output())!;
      const login = (await (await fetch(`http://localhost:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).json()) as { tokens: { accessToken: string } };
      const ping = await (await fetch(`http://localhost:${port}/api/v1/system/pings/${pingId}`, { headers: { authorization: `Bearer ${login.tokens.accessToken}` } })).json();
      expect(ping).toMatchObject({ id: pingId, status: 'processed' });
      // Nothing of the killed launcher's is left running: its API and worker saw the launcher go
      // and shut down (even though the database they were closing went with it), and the new
      // start took over its PostgreSQL.
      await eventually(async () => (orphans.filter(alive).length === 0 ? true : undefined), 30_000);
      const processes = descendants(run.child.pid!);
      expect((await run.stop('SIGINT')).code).toBe(0);
      expect(processes.filter(alive)).toEqual([]);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 240_000);
});
