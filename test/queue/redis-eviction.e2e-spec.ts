import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { QueueStorePolicy } from '@techbridge/queue';
import { Redis } from 'ioredis';
import request from 'supertest';
import path from 'node:path';
import { eventually, startTestApp, startWorker, testEnvVars, type TestApp } from '../support/harness';
import { freePort } from '../support/ports';

/** A Redis of this test's own (the shared one must keep noeviction for every other test), without persistence. */
async function privateRedis(args: string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `redis://127.0.0.1:${port}`;
  await eventually(async () => {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await client.connect();
      return (await client.ping()) === 'PONG' ? true : undefined;
    } finally {
      client.disconnect();
    }
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * These tests start Redis servers of their own. A machine without `redis-server` (a fresh one, with only
 * Node and npm) runs the queue on the PostgreSQL backend, where no key is ever evicted: there the same
 * tests check that such a backend is judged safe, ready, and that a worker starts. CI has Redis.
 */
const haveRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/** Without redis-server: the PostgreSQL backend keeps every job, so the API is ready and a worker starts. */
async function postgresBackendKeepsJobs(): Promise<TestApp> {
  const app = await startTestApp({ worker: false, queueBackend: 'postgres' });
  expect(app.env.queueBackend).toBe('postgres');
  expect(await app.api.get(QueueStorePolicy, { strict: false }).check()).toEqual({ verdict: 'kept' });
  await request(app.http).get('/health/ready').expect(200);
  const worker = await startWorker(app.env);
  await worker.close();
  return app;
}

/**
 * The compiled worker, as production starts it, on this Redis: a refusal ends the process (in this
 * test process, a context that failed to start would leave its timers running past the file).
 */
async function workerProcessOn(url: string): Promise<{ code: number | null; stderr: string }> {
  const env = { ...process.env, ...(await testEnvVars()), QUEUE_BACKEND: 'redis', REDIS_URL: url };
  const result = spawnSync(process.execPath, [path.resolve(__dirname, '../../dist/apps/worker/src/main.js')], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stderr: result.stderr };
}

const onRedis = (url: string, env: Record<string, string> = {}) => ({ worker: false, queueBackend: 'redis' as const, env: { QUEUE_BACKEND: 'redis', REDIS_URL: url, ...env } });

describe('a Redis that may evict jobs', () => {
  let app: TestApp | undefined;
  let redis: { url: string; stop: () => Promise<void> } | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await redis?.stop();
    redis = undefined;
  });

  it('the shared test Redis keeps every job: the API is ready', async () => {
    app = await startTestApp({ worker: false });
    expect(await app.api.get(QueueStorePolicy, { strict: false }).check()).toEqual({ verdict: 'kept' });
    await request(app.http).get('/health/ready').expect(200);
  });

  describe('on volatile-lru', () => {
    it('the API is not ready and a worker refuses to start, saying why; REDIS_ALLOW_EVICTION lets both run', async () => {
      if (!haveRedisServer) return void (app = await postgresBackendKeepsJobs());
      redis = await privateRedis(['--maxmemory-policy', 'volatile-lru']);
      app = await startTestApp(onRedis(redis.url));
      const res = await request(app.http).get('/health/ready').expect(503);
      expect(res.body.details).toEqual({ database: { status: 'up' }, queue: { status: 'down' } });
      const refused = await workerProcessOn(redis.url);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/worker failed to start: .*maxmemory-policy is volatile-lru, but the queue needs noeviction.*REDIS_ALLOW_EVICTION=true/);
      await app.close();

      app = await startTestApp(onRedis(redis.url, { REDIS_ALLOW_EVICTION: 'true' }));
      await request(app.http).get('/health/ready').expect(200);
      const worker = await startWorker(app.env);
      await worker.close();
    });

    it('is found through INFO where CONFIG is refused, as on managed Redis services, and readiness follows a fix without a restart', async () => {
      if (!haveRedisServer) return void (app = await postgresBackendKeepsJobs());
      // CONFIG under another name: the app's CONFIG GET is refused, the test can still set the policy.
      redis = await privateRedis(['--maxmemory-policy', 'volatile-lru', '--rename-command', 'CONFIG', 'test_config']);
      app = await startTestApp(onRedis(redis.url));
      expect(await app.api.get(QueueStorePolicy, { strict: false }).check()).toMatchObject({ verdict: 'evicting', message: expect.stringContaining('volatile-lru') });
      await request(app.http).get('/health/ready').expect(503);
      const admin = new Redis(redis.url);
      try {
        await admin.call('test_config', 'SET', 'maxmemory-policy', 'noeviction');
      } finally {
        admin.disconnect();
      }
      await request(app.http).get('/health/ready').expect(200);
    });
  });
});
