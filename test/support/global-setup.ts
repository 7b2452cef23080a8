import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { publishTestServices } from './test-services';

const root = path.resolve(__dirname, '../..');

async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export default async function globalSetup(): Promise<void> {
  // Some tests start the compiled entry points (the quick start, config validation). Global
  // setup runs outside Jest's module mapping, so it uses the compiled libraries too.
  execFileSync(process.execPath, [path.join(root, 'scripts/build.js')], { cwd: root, stdio: 'ignore' });
  const { assertTestDatabase, databaseName, dropDatabase, ensureDatabase, findPostgresServer, migrateDatabase, withDatabase } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- runtime path into dist/
    require(path.join(root, 'dist/libs/database/src')) as typeof import('@techbridge/database');

  const givenDatabaseUrl = process.env.DATABASE_URL;
  if (givenDatabaseUrl) assertTestDatabase(givenDatabaseUrl);
  const server = await findPostgresServer({
    databaseUrl: givenDatabaseUrl,
    embeddedDir: path.join(os.tmpdir(), 'techbridge-test-postgres'),
  });
  (globalThis as { __techbridgePostgres?: typeof server }).__techbridgePostgres = server;
  const databaseBase = givenDatabaseUrl ? databaseName(givenDatabaseUrl) : 'techbridge_test';

  // A migrated template; each test worker clones it into its own database.
  const template = withDatabase(server.url, `${databaseBase}_template`);
  await dropDatabase(template);
  for (let worker = 1; worker <= 8; worker++) await dropDatabase(withDatabase(server.url, `${databaseBase}_w${worker}`));
  await ensureDatabase(template);
  await migrateDatabase({ databaseUrl: template });

  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const haveRedis = await redisAnswers(redisUrl);
  if (!haveRedis && (process.env.REDIS_URL || process.env.CI === 'true')) {
    throw new Error(`Redis does not answer at ${redisUrl}${process.env.CI === 'true' ? ' (CI requires Redis)' : ''}`);
  }
  if (!haveRedis) process.stdout.write('\n[e2e] no Redis on 127.0.0.1:6379: queue tests run on the PostgreSQL backend\n');
  process.stdout.write(`\n[e2e] PostgreSQL: ${server.source}; queue: ${haveRedis ? 'redis' : 'postgres'}\n`);
  publishTestServices({
    postgresServerUrl: server.url,
    databaseBase,
    redisUrl: haveRedis ? redisUrl : undefined,
    defaultQueueBackend: haveRedis ? 'redis' : 'postgres',
  });
}
