import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getQueueToken } from '@nestjs/bullmq';
import { ensureDatabase, withDatabase } from '@techbridge/database';
import { type AppEnv, loadEnv } from '@techbridge/platform';
import { ALL_QUEUES } from '@techbridge/queue';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { Response as HttpResponse } from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApp } from '../../apps/api/src/http/configure-app';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { testServices } from './test-services';

export interface TestAppOptions {
  queueBackend?: 'redis' | 'postgres';
  /** Start the worker too (the default): jobs run for real. */
  worker?: boolean;
  /** Empty the queues first (the default); off when the backend is deliberately unreachable. */
  resetQueues?: boolean;
  /** Extra environment, e.g. a small BODY_LIMIT. */
  env?: Record<string, string>;
}

export interface TestApp {
  env: AppEnv;
  api: INestApplication;
  worker?: INestApplicationContext;
  /** For supertest: `request(app.http)`. */
  http: ReturnType<INestApplication['getHttpServer']>;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

const workerId = () => Number(process.env.JEST_WORKER_ID ?? '1');

/** This Jest worker's own database, cloned from the migrated template on first use. */
export async function testDatabaseUrl(): Promise<string> {
  const { postgresServerUrl, databaseBase } = testServices();
  const url = withDatabase(postgresServerUrl, `${databaseBase}_w${workerId()}`);
  await ensureDatabase(url, `${databaseBase}_template`);
  return url;
}

/** The environment variables a test app runs with (a worker started as a child process gets the same). */
export async function testEnvVars(options: TestAppOptions = {}): Promise<Record<string, string>> {
  const services = testServices();
  const queueBackend = options.queueBackend === 'redis' && !services.redisUrl ? 'postgres' : (options.queueBackend ?? services.defaultQueueBackend);
  const vars: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    DATABASE_URL: await testDatabaseUrl(),
    REDIS_URL: services.redisUrl,
    QUEUE_BACKEND: queueBackend,
    // Per database as well as per worker, so that two test runs on one Redis keep apart.
    QUEUE_NAMESPACE: `${services.databaseBase.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_w${workerId()}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    WORKER_CONCURRENCY: '4',
    // Most test files never match anything: load the index on the first matching job.
    MATCHING_PRELOAD: 'false',
    ADMIN_EMAIL: 'admin@techbridge.test',
    ADMIN_PASSWORD: 'Admin-password-1',
    // Tests sign in often from one address; the rate-limit tests set their own, low limits.
    AUTH_LIMIT_PER_IP_PER_MINUTE: '100000',
    EXPORT_LIMIT_PER_IP_PER_MINUTE: '100000',
    SEARCH_LIMIT_PER_IP_PER_MINUTE: '100000',
    AUTH_LIMIT_PER_ACCOUNT_PER_HOUR: '100000',
    ...options.env,
  };
  return Object.fromEntries(Object.entries(vars).filter((e): e is [string, string] => e[1] !== undefined));
}

export async function testEnv(options: TestAppOptions = {}): Promise<AppEnv> {
  return loadEnv(await testEnvVars(options));
}

/** A worker in this process, on the same environment as the app (e.g. after starting the app without one). */
export function startWorker(env: AppEnv): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(WorkerModule.forRoot(env), { bufferLogs: true });
}

async function sqlAt<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Reference data the migrations seed; restored after each reset (parents first). */
const SEEDED_TABLES = ['taxonomy_fields', 'taxonomy_chains'];

/**
 * Every application table emptied and the migrations' reference data restored: each test file
 * starts from the same known state. The pristine seed is copied aside (schema test_seed) the
 * first time, while this worker's database is still a fresh clone of the migrated template.
 */
export async function resetDatabase(url: string): Promise<void> {
  await sqlAt(url, 'CREATE SCHEMA IF NOT EXISTS test_seed');
  for (const table of SEEDED_TABLES) await sqlAt(url, `CREATE TABLE IF NOT EXISTS test_seed.${table} AS TABLE public.${table}`);
  const tables = await sqlAt<{ name: string }>(
    url,
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
  );
  if (tables.length) await sqlAt(url, `TRUNCATE ${tables.map((t) => t.name).join(', ')} RESTART IDENTITY CASCADE`);
  for (const table of SEEDED_TABLES) await sqlAt(url, `INSERT INTO public.${table} SELECT * FROM test_seed.${table}`);
}

async function clearRedisKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url);
  try {
    const keys = await redis.keys(pattern);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** Builds the real API (through configureApp, as main.ts does) and, by default, the real worker. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const env = await testEnv(options);
  await resetDatabase(env.databaseUrl);
  if (env.redisUrl && options.resetQueues !== false) await clearRedisKeys(env.redisUrl, `${env.queueNamespace}:ratelimit:*`);
  const api = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(env), { bodyParser: false, bufferLogs: true });
  await configureApp(api);
  if (options.resetQueues !== false) await Promise.all(ALL_QUEUES.map((name) => api.get<Queue>(getQueueToken(name), { strict: false }).obliterate({ force: true })));
  const worker = options.worker === false ? undefined : await startWorker(env);
  return {
    env,
    api,
    worker,
    http: api.getHttpServer(),
    sql: (text, params) => sqlAt(env.databaseUrl, text, params),
    async close() {
      await worker?.close();
      await api.close();
    },
  };
}

/** Polls until `check` returns a value that is not undefined; fails with the last error after the timeout. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A supertest parser that keeps a binary body (a spreadsheet download) as one Buffer: `.buffer(true).parse(binaryBody)`. */
export function binaryBody(res: HttpResponse, callback: (err: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}
