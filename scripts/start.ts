// The quick start: `npm start`. Runs the whole service — API and worker — on the embedded default
// (an embedded PostgreSQL and BullMQ's PostgreSQL backend) unless DATABASE_URL / REDIS_URL say
// otherwise, migrates, and prints where to look. Ctrl-C (or SIGTERM, SIGHUP, or the end of the
// process that started it) stops the API and worker first (letting running jobs finish), then the
// database.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EmbeddedPostgres, ensureDatabase, FolderInUseError, freePort, logOrphanConnectionErrors, migrateDatabase } from '@techbridge/database';
import { type AppEnv, ConfigError, loadEnv, redactUrl } from '@techbridge/platform';
import { DEMO_PASSWORD } from './demo/demo-catalog';
import { prepareDemo, runDemoLoad } from './lib/demo-start';
import { type ManagedProcess, startNodeProcess, waitForHttp, waitForReady, watchParent, workerNodeArgs } from './lib/processes';

const root = process.cwd();
const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(root, '.data'));
// Once the terminal is gone, a write fails: that must not cut the shutdown short.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);
const say = (line: string) => process.stdout.write(`[techbridge] ${line}\n`);
// A database that goes away mid-start is reported below (its exit), not by a crash.
logOrphanConnectionErrors((line) => process.stderr.write(`[techbridge] ${line}\n`));

let stopping = false;
let embedded: EmbeddedPostgres | undefined;
const children: ManagedProcess[] = [];

async function shutdown(reason: string, code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(`stopping (${reason})…`);
  await Promise.all(children.map((child) => child.stop(10_000)));
  await embedded?.stop(4_000);
  say('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal, 0));
  // npm runs us under `sh -c`, which dies of SIGTERM/SIGHUP without passing it on.
  watchParent(() => void shutdown('the process that started it exited', 0));

  const env: Record<string, string | undefined> = { ...process.env };
  if (!env.DATABASE_URL) {
    say(`no DATABASE_URL: starting embedded PostgreSQL (data in ${path.relative(root, dataDir) || dataDir}/postgres)`);
    embedded = new EmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), onLog: (l) => env.LOG_LEVEL === 'debug' && say(l) });
    try {
      await embedded.start();
    } catch (err) {
      if (!(err instanceof FolderInUseError)) throw err;
      process.stderr.write(`[techbridge] DATA_DIR ${dataDir} is in use by npm start (pid ${err.pid}): stop that one first, or set another DATA_DIR (if pid ${err.pid} is not npm start, delete ${err.lockFile})\n`);
      process.exit(1);
    }
    void embedded.exited.then((how) => shutdown(`its PostgreSQL exited unexpectedly (${how})`, 1));
    env.DATABASE_URL = embedded.url('techbridge');
    await ensureDatabase(env.DATABASE_URL);
  }
  env.JWT_SECRET ??= devSecret('jwt-secret');
  // Everything here comes from one local address (the demo loader signs up dozens of users).
  env.AUTH_LIMIT_PER_IP_PER_MINUTE ??= '1000';
  env.SEARCH_LIMIT_PER_IP_PER_MINUTE ??= '10000';
  const generatedAdmin = !env.ADMIN_EMAIL && !env.ADMIN_PASSWORD;
  if (generatedAdmin) {
    env.ADMIN_EMAIL = 'admin@techbridge.local';
    env.ADMIN_PASSWORD = devSecret('admin-password', 12);
  }
  env.PORT ??= String(await preferredPort(3000));
  // No mail server here: what the platform mails (invitations, password resets) lands in a folder.
  const mailFolder = env.MAIL_URL ? undefined : path.join(dataDir, 'mail');
  if (mailFolder) env.MAIL_URL = `file://${mailFolder}`;

  let config;
  try {
    config = loadEnv(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      stopping = true;
      await embedded?.stop();
      process.exit(1);
    }
    throw err;
  }
  say(`database ${redactUrl(config.databaseUrl)}; queue backend ${config.queueBackend}`);
  const applied = await migrateDatabase(config);
  say(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema is up to date');
  const demo = await prepareDemo({ config, env, embedded: embedded !== undefined, dataDir, say });

  // Migrations are done here once; the children must not race to run them again. Their info
  // lines (one per request, thousands during the demo load) would bury what we print.
  const childEnv = { ...env, MIGRATIONS_RUN: 'false', LOG_LEVEL: env.LOG_LEVEL ?? 'warn' };
  for (const [name, entry] of [
    ['api', 'dist/apps/api/src/main.js'],
    ['worker', 'dist/apps/worker/src/main.js'],
  ] as const) {
    const child = startNodeProcess(name, path.join(root, entry), name === 'worker' ? workerEnv(childEnv, config) : childEnv, { nodeArgs: name === 'worker' ? workerNodeArgs(env) : [] });
    void child.exited.then(async (code) => {
      // A database that stops takes its clients down with it: when both go at once, name the cause.
      const database = embedded && (await Promise.race([embedded.exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1_000))]));
      void shutdown(database === undefined ? `${name} exited with code ${code}` : `its PostgreSQL exited unexpectedly (${database})`, 1);
    });
    children.push(child);
  }

  const base = `http://localhost:${config.port}`;
  // Each child says when it has started: the API once it listens on its port, the worker once its
  // queues are connected. A poll of the port alone could be answered by another server on it.
  await Promise.all(children.map((child) => waitForReady(child, 120_000)));
  const own = ownAddress(config);
  await waitForHttp(`${own}/health/ready`, 120_000);
  const demoUser = await runDemoLoad(demo, own, say);
  say('');
  say(`TechBridge is running.`);
  say(`  API      ${base}/api/v1`);
  say(`  Docs     ${base}/docs   (OpenAPI JSON: ${base}/docs-json)`);
  say(`  Health   ${base}/health/ready`);
  if (generatedAdmin) say(`  Admin    ${env.ADMIN_EMAIL} / ${env.ADMIN_PASSWORD}   (POST /api/v1/auth/login)`);
  if (demoUser) say(`  Demo     ${demoUser} / ${DEMO_PASSWORD}   (every demo user has this password)`);
  if (config.metricsPort) say(`  Metrics  http://localhost:${config.metricsPort}/metrics (API), http://localhost:${config.metricsPort + 1}/metrics (worker)`);
  if (mailFolder) say(`  Mail     ${mailFolder}   (what the platform e-mails, one .eml file each; set MAIL_URL=smtp://… to send it)`);
  say('Press Ctrl-C to stop.');
}

/** Both processes run on this machine: the worker's metrics go on the port after the API's. */
function workerEnv(childEnv: Record<string, string | undefined>, config: AppEnv): Record<string, string | undefined> {
  return config.metricsPort ? { ...childEnv, METRICS_PORT: String(config.metricsPort + 1) } : childEnv;
}

/**
 * Where this launcher reaches its own API: the address it binds, not `localhost`, which may
 * resolve to an IPv6 address where another program listens on the same port number.
 */
function ownAddress(config: AppEnv): string {
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '::1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

/** A generated development secret kept with the data, so tokens and the admin password survive a restart. */
function devSecret(name: string, bytes = 32): string {
  const file = path.join(dataDir, name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    // Letters and digits (the password policy wants both), never ambiguous symbols.
    fs.writeFileSync(file, `${randomBytes(bytes).toString('base64url').replace(/[-_]/g, 'x')}7`, { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** 3000 when it is free, otherwise any free port: never fail because something else is running. */
async function preferredPort(port: number): Promise<number> {
  const net = await import('node:net');
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer().once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
  return free ? port : freePort();
}

main().catch((err: unknown) => {
  // Stopping pulls the API from under a start-up still in progress (the demo load): not a failure.
  if (stopping) return;
  process.stderr.write(`[techbridge] failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  void shutdown('start-up failed', 1);
});
