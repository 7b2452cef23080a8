import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedPostgres } from '@techbridge/database';
import { buildDemoCatalog } from '../scripts/demo/demo-catalog';
import { eventually } from './support/harness';
import { alive, allStopped, descendants, killLeftovers, running, seen, sigkill } from './support/processes';
import { freePort } from './support/ports';

const root = path.resolve(__dirname, '..');

interface Launch {
  child: ChildProcess;
  output: () => string;
  /** How much it and its descendants printed, in bytes (the text kept may be cut, see `Output`). */
  printedBytes: () => number;
  exit: Promise<{ code: number | null }>;
  stop(signal: NodeJS.Signals): Promise<{ code: number | null }>;
  /** SIGKILL, if it still runs (after a failed test). */
  kill(): void;
}

/** A start prints a few kB; more than this is a flood of log lines, which fails the test that saw it. */
const QUIET_LIMIT_BYTES = 256 * 1024;

/**
 * What a launch printed: the first `keep` characters whole (everything a test looks for comes
 * early), then only the latest `keep`. A process flooding the pipe must fail the test that
 * started it, showing what it repeats, rather than outgrow the longest string V8 can hold and
 * take the whole test process down (seen once in CI).
 */
class Output {
  private head = '';
  private tail = '';
  bytes = 0;
  constructor(private readonly keep = 1 << 20) {}

  add(chunk: Buffer): void {
    this.bytes += chunk.length;
    const text = chunk.toString();
    if (this.head.length < this.keep) this.head += text;
    else this.tail = (this.tail + text).slice(-this.keep);
  }

  text(): string {
    return this.tail ? `${this.head}\n[…]\n${this.tail}` : this.head;
  }
}

/** Every launch of the running test: afterEach stops what is left of them and checks they stayed quiet. */
const launches: Launch[] = [];

/**
 * Runs the README's run command with no DATABASE_URL and no REDIS_URL: the compiled launcher, or
 * `npm start` itself (in a process group of its own, as in a terminal; the build was done by the
 * global setup, so its prestart step is skipped).
 */
function launch(dataDir: string, port: number, options: { viaNpm?: boolean; env?: Record<string, string | undefined> } = {}): Launch {
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', ...options.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'QUEUE_BACKEND', 'JEST_WORKER_ID', 'TECHBRIDGE_TEST_SERVICES']) delete env[name];
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  const child = options.viaNpm
    ? spawn('npm', ['start', '--ignore-scripts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    : spawn(process.execPath, [path.join(root, 'dist/scripts/start.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = new Output();
  child.stdout!.on('data', (d: Buffer) => output.add(d));
  child.stderr!.on('data', (d: Buffer) => output.add(d));
  const exit = new Promise<{ code: number | null }>((resolve) => child.once('exit', (code) => resolve({ code })));
  const run: Launch = {
    child,
    output: () => output.text(),
    printedBytes: () => output.bytes,
    exit,
    kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // npm runs in a process group of its own: the launcher under it goes too.
      sigkill(options.viaNpm ? -child.pid! : child.pid!);
    },
    stop(signal) {
      child.kill(signal);
      return exit;
    },
  };
  launches.push(run);
  return run;
}

/**
 * The banner's last line. The banner reaches us in pieces like any output, so a test that reads its
 * later lines (the demo login, the admin's password) waits for the end of it, not its first line.
 */
const BANNER_END = 'Press Ctrl-C to stop.';

async function printed(run: Launch, text: string, timeoutMs = 120_000): Promise<void> {
  await eventually(async () => (run.output().includes(text) ? true : undefined), timeoutMs).catch((err: Error) => {
    throw new Error(`${err.message}: "${text}" not printed; the output ends\n${run.output().slice(-3000)}`);
  });
}

/** The pid of the embedded PostgreSQL server of `dataDir` (its folder moves elsewhere when root's server user cannot reach it). */
function postgresPid(dataDir: string): number {
  const folder = new EmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') }).dataDir;
  return seen(Number(fs.readFileSync(path.join(folder, 'cluster/postmaster.pid'), 'utf8').split('\n')[0]));
}

/** Stops `run` with `signal`; a clean stop exits 0 and leaves none of `processes` running. A hang fails by the test's time-out. */
async function expectCleanStop(run: Launch, signal: NodeJS.Signals, processes: number[]): Promise<void> {
  const { code } = await run.stop(signal);
  expect(code).toBe(0);
  expect(running(processes)).toEqual([]);
}

describe('the quick start (npm start) on the embedded default', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'techbridge-quickstart-'));
  afterAll(() => {
    // As root the cluster may live in a folder of its own under the temp directory.
    fs.rmSync(new EmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') }).dataDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  afterEach(() => {
    const runs = launches.splice(0);
    // A failed test may leave processes behind: none may go on writing into this process or
    // holding the data directory for the next test.
    for (const run of runs) run.kill();
    killLeftovers();
    for (const run of runs) {
      run.child.stdout!.destroy();
      run.child.stderr!.destroy();
    }
    const loud = runs.find((run) => run.printedBytes() >= QUIET_LIMIT_BYTES);
    if (loud) throw new Error(`a start printed ${loud.printedBytes()} bytes (a log flood); its output ends\n${loud.output().slice(-3000)}`);
  });
  let pingId: string;
  let auth: Record<string, string>;

  it('Ctrl-C while the first start loads the demo data stops cleanly', async () => {
    const port = await freePort();
    const run = launch(dataDir, port);
    await printed(run, 'loading the demo data set');
    // Part of the demo is in: organisations, and some demands.
    await eventually(async () => ((await (await fetch(`http://localhost:${port}/api/v1/demands`)).json()) as { total: number }).total > 0 || undefined, 60_000);
    const processes = descendants(run.child.pid!);
    await expectCleanStop(run, 'SIGINT', processes);
    expect(run.output()).not.toContain('failed to start');
    expect(run.output()).not.toContain('demo data loaded');
    expect(run.output()).toContain('[techbridge] stopped');
  }, 240_000);

  it('the next start loads the interrupted demo again, runs API and worker, prints where to look (not every request), refuses a second start on the same DATA_DIR, and stops cleanly on SIGINT', async () => {
    const port = await freePort();
    // LOG_LEVEL unset, as a user runs it.
    const run = launch(dataDir, port, { env: { LOG_LEVEL: undefined } });
    await printed(run, BANNER_END, 240_000);
    expect(run.output()).toContain('TechBridge is running.');
    expect(run.output()).toContain('the demo data load of an earlier start did not finish');
    // The thousands of requests of the demo load are not logged line by line (pino's info is level 30).
    expect(run.output()).not.toContain('"level":30');
    expect(run.output()).toContain(`http://localhost:${port}/api/v1`);
    expect(await (await fetch(`http://localhost:${port}/api/v1`)).json()).toMatchObject({ name: 'TechBridge API', links: { docs: '/docs' } });
    expect(run.output()).toContain(`http://localhost:${port}/docs`);
    expect(run.output()).toContain('queue backend postgres');

    const ready = await fetch(`http://localhost:${port}/health/ready`);
    expect(ready.status).toBe(200);
    // The demo data set was loaded into the new database, and is there for anyone to browse.
    expect(run.output()).toMatch(/demo data loaded: \d+ organisations, \d+ demands, \d+ achievements \(5 with a brochure to download\)/);
    const demands = (await (await fetch(`http://localhost:${port}/api/v1/demands?fieldCode=equipment`)).json()) as { total: number };
    expect(demands.total).toBeGreaterThan(10);
    // The first public achievement has its brochure, for anyone to download.
    const first = buildDemoCatalog().achievements.find((a) => a.status === 'published' && a.visibility === 'public')!;
    const found = (await (await fetch(`http://localhost:${port}/api/v1/achievements?q=${encodeURIComponent(first.title)}&pageSize=50`)).json()) as { items: Array<{ id: string; title: string }> };
    const listed = found.items.find((a) => a.title === first.title)!;
    const documents = (await (await fetch(`http://localhost:${port}/api/v1/achievements/${listed.id}/attachments`)).json()) as Array<{ fileName: string; downloadPath: string }>;
    expect(documents.map((d) => d.fileName)).toEqual(['成果简介.pdf']);
    const brochure = await fetch(`http://localhost:${port}${documents[0]!.downloadPath}`);
    expect(brochure.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await brochure.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
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
    expect(run.output()).toMatch(/demo 对接会 published: .+ \(\d+ participants, [1-9]\d* of \d+ accepted meetings scheduled; [1-9]\d* 路演 pitches with [1-9]\d* registrations of interest\)/);
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
    // The day opens with a roadshow (路演); the enterprises that asked the presenters registered interest.
    const programme = await get<Array<{ startsAt: string; interests: number }>>(`/events/${demoEvent.id}/roadshow`);
    expect(programme.length).toBeGreaterThan(0);
    expect(programme.every((p) => p.interests > 0)).toBe(true);
    // A 揭榜挂帅 round was reviewed and led to deals: the demo user has applications to its challenges.
    expect(run.output()).toMatch(/demo 揭榜挂帅: [1-9]\d* applications to [1-9]\d* challenges, [1-9]\d* awarded; [1-9]\d* deals signed for [1-9]\d* 万元/);
    const applications = await get<{ items: Array<{ status: string; scores: unknown[] | null }> }>('/challenge-applications');
    expect(applications.items.map((a) => a.status)).toEqual(expect.arrayContaining(['awarded', 'rejected', 'under_review']));
    expect(applications.items.every((a) => Array.isArray(a.scores))).toBe(true);
    // An outside expert scores one review; the demo user's awarded project waits for it to accept a milestone.
    expect(run.output()).toMatch(/demo 揭榜挂帅 follow-up: 1 outside expert from the 专家库 scoring; [1-9]\d* progress reports on the awarded projects, 1 milestone awaiting acceptance/);
    const projects = await get<{ items: Array<{ milestonesAwaitingAcceptance: number; milestones: Array<{ state: string }> }> }>('/challenge-projects');
    const waiting = projects.items.filter((p) => p.milestonesAwaitingAcceptance > 0);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.milestones.map((m) => m.state)).toEqual(['awaiting_acceptance', 'in_progress', 'in_progress']);
    expect(projects.items.flatMap((p) => p.milestones).filter((m) => m.state === 'accepted').length).toBeGreaterThan(0);
    // The demo user followed up its best matches: the pipeline and its milestones are there to read.
    expect(run.output()).toMatch(/demo match pipeline: [1-9]\d* matches followed up, [1-9]\d* met, [1-9]\d* in negotiation, 1 dismissed, 1 contacted by a message, 1 with a document shared/);
    const negotiating = await get<{ items: Array<{ id: string; milestones: Record<string, string | null>; conversation: { documents: number } }> }>('/matches?state=negotiating');
    expect(negotiating.items.length).toBeGreaterThan(0);
    for (const m of negotiating.items) expect(m.milestones).toMatchObject({ contactedAt: expect.any(String), metAt: expect.any(String), negotiatedAt: expect.any(String), dealtAt: null });
    // One of them began with a message (对接留言), there to read.
    const conversations = await Promise.all(negotiating.items.map((m) => get<{ items: Array<{ mine: boolean; body: string }> }>(`/matches/${m.id}/messages`)));
    expect(conversations.flatMap((c) => c.items)).toEqual([expect.objectContaining({ mine: true, body: expect.stringContaining('技术交流') })]);
    // Another carries the notes of the meeting (对接资料), there to download.
    const shared = negotiating.items.filter((m) => m.conversation.documents > 0);
    expect(shared).toHaveLength(1);
    const [notes] = await get<Array<{ fileName: string; mine: boolean; downloadPath: string }>>(`/matches/${shared[0]!.id}/documents`);
    expect(notes).toMatchObject({ fileName: '技术交流纪要.pdf', mine: true });
    expect((await fetch(`http://localhost:${port}${notes!.downloadPath}`, { headers: demoAuth })).status).toBe(200);
    // It asked for confidential details (one answered, one not yet) and has a request to answer.
    expect(run.output()).toMatch(/demo 申请查看详情: 3 requests for confidential details, 1 approved, 2 awaiting an answer/);
    type Requests = { items: Array<{ status: string; item: { redacted: boolean }; owner: unknown }> };
    const sent = await get<Requests>('/disclosure-requests?box=sent');
    expect(sent.items.map((r) => [r.status, r.item.redacted, r.owner === null]).sort()).toEqual([['approved', false, false], ['pending', true, true]]);
    expect((await get<Requests>('/disclosure-requests?box=received&status=pending')).items).toEqual([expect.objectContaining({ item: expect.objectContaining({ redacted: false }) })]);
    // Its workbench sums it up.
    const workbench = await get<{ disclosureRequests: unknown; matches: { negotiating: number }; challengeApplications: { toReview: number } }>('/me/workbench');
    expect(workbench.disclosureRequests).toEqual({ toAnswer: 1, awaitingAnswer: 1 });
    expect(workbench.matches.negotiating).toBe(negotiating.items.length);
    expect(workbench.challengeApplications.toReview).toBeGreaterThan(0);
    // The sign-ins the loader made for it say so in its list of sessions.
    const sessions = await get<Array<{ userAgent: string | null; current: boolean }>>('/me/sessions');
    expect(sessions.filter((s) => !s.current).every((s) => s.userAgent === 'TechBridge demo loader (npm start)')).toBe(true);
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

    // A second start on the same DATA_DIR is refused, and leaves this one's database alone.
    const database = postgresPid(dataDir);
    const second = launch(dataDir, await freePort());
    expect((await second.exit).code).toBe(1);
    expect(second.output()).toContain(`DATA_DIR ${dataDir} is in use by npm start (pid ${run.child.pid})`);
    expect(second.output()).not.toContain('TechBridge is running');
    expect(postgresPid(dataDir)).toBe(database);
    expect(alive(database)).toBe(true);
    expect(await fetch(`http://localhost:${port}/api/v1/system/pings/${pingId}`, { headers: auth })).toHaveProperty('status', 200);
    expect(run.output()).not.toContain('stopping');

    const processes = descendants(run.child.pid!);
    expect(processes.length).toBeGreaterThanOrEqual(3); // API, worker, PostgreSQL (+ its backends)
    // How fast it stops is not asserted.
    await expectCleanStop(run, 'SIGINT', processes);
  }, 300_000);

  it('a second start reuses the data, prints the demo login again, and SIGTERM stops it as cleanly', async () => {
    const port = await freePort();
    const run = launch(dataDir, port);
    await printed(run, BANNER_END);
    expect(run.output()).toContain('database schema is up to date');
    expect(run.output()).not.toContain('loading the demo data');
    expect(run.output()).toMatch(/Demo +\S+@demo\.techbridge\.local \/ \S+/);
    const [, email, password] = /Admin +(\S+) \/ (\S+)/.exec(run.output())!;
    const login = (await (await fetch(`http://localhost:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).json()) as { tokens: { accessToken: string } };
    // Same generated admin as the first run: its password was kept with the data.
    expect(login.tokens.accessToken).toEqual(expect.any(String));
    const ping = await (await fetch(`http://localhost:${port}/api/v1/system/pings/${pingId}`, { headers: { authorization: `Bearer ${login.tokens.accessToken}` } })).json();
    expect(ping).toMatchObject({ id: pingId, note: 'first run', status: 'processed' });
    const processes = descendants(run.child.pid!);
    await expectCleanStop(run, 'SIGTERM', processes);
  }, 120_000);

  it('on a port another server holds, it says the API could not start and stops, never taking that server for its API', async () => {
    // Another program on 127.0.0.1 at that port answers every request with 200 (as a readiness probe wants).
    const other = createServer((_req, res) => res.end('{}'));
    const port = await freePort();
    await new Promise<void>((resolve) => other.listen(port, '127.0.0.1', resolve));
    try {
      const run = launch(dataDir, port, { env: { DEMO_DATA: 'false' } });
      expect((await run.exit).code).toBe(1);
      expect(run.output()).toContain('EADDRINUSE');
      expect(run.output()).toContain('stopping (api exited with code 1)');
      expect(run.output()).not.toContain('TechBridge is running');
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  }, 120_000);

  // npm runs the launcher under `sh -c`, which passes no signal on: the launcher sees its parent go.
  const stoppedBy: Array<[string, (npm: number) => void]> = [
    ['SIGTERM to the npm process', (npm) => process.kill(npm, 'SIGTERM')],
    ['SIGHUP to its process group (the terminal closed)', (npm) => process.kill(-npm, 'SIGHUP')],
  ];
  it.each(stoppedBy)('npm start stopped by %s leaves nothing running, PostgreSQL included', async (_how, stop) => {
    const run = launch(dataDir, await freePort(), { viaNpm: true });
    await printed(run, BANNER_END);
    const processes = descendants(run.child.pid!); // sh, the launcher, API, worker, PostgreSQL and its backends
    const database = postgresPid(dataDir);
    expect(processes).toContain(database);
    stop(run.child.pid!);
    await allStopped(processes);
    expect(alive(database)).toBe(false);
  }, 120_000);

  it('after the launcher is killed outright, the next start takes over the orphaned database and loses nothing', async () => {
    const first = launch(dataDir, await freePort());
    await printed(first, BANNER_END);
    const orphans = descendants(first.child.pid!);
    first.child.kill('SIGKILL');
    await first.exit;
    const port = await freePort();
    const run = launch(dataDir, port);
    await printed(run, BANNER_END);
    const [, email, password] = /Admin +(\S+) \/ (\S+)/.exec(run.output())!;
    const login = (await (await fetch(`http://localhost:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).json()) as { tokens: { accessToken: string } };
    const ping = await (await fetch(`http://localhost:${port}/api/v1/system/pings/${pingId}`, { headers: { authorization: `Bearer ${login.tokens.accessToken}` } })).json();
    expect(ping).toMatchObject({ id: pingId, status: 'processed' });
    // Nothing of the killed launcher's is left running: its API and worker saw the launcher go
    // and shut down (even though the database they were closing went with it), and the new
    // start took over its PostgreSQL.
    await allStopped(orphans);

    // Its database stopped under it (by someone else): the launcher notices, says so, and stops the rest.
    const processes = descendants(run.child.pid!);
    process.kill(postgresPid(dataDir), 'SIGINT');
    expect((await run.exit).code).toBe(1);
    expect(run.output()).toContain('stopping (its PostgreSQL exited unexpectedly');
    expect(running(processes)).toEqual([]);
  }, 240_000);
});
