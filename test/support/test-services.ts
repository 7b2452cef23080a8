/**
 * What the e2e suite runs against, decided once in global setup and handed to the test workers
 * through the environment: DATABASE_URL / REDIS_URL when given, else PostgreSQL on
 * 127.0.0.1:5432 (or an embedded server) and Redis on 127.0.0.1:6379 (or, outside CI, BullMQ's
 * PostgreSQL backend). No test is ever skipped for want of a service.
 */
export interface TestServices {
  /** Maintenance URL (database `postgres`) of the server the test databases live on. */
  postgresServerUrl: string;
  /** Test databases are named `<base>_template` and `<base>_w<worker>`; the base contains "test". */
  databaseBase: string;
  redisUrl: string | undefined;
  defaultQueueBackend: 'redis' | 'postgres';
}

const KEY = 'TECHBRIDGE_TEST_SERVICES';

export function publishTestServices(services: TestServices): void {
  process.env[KEY] = JSON.stringify(services);
}

export function testServices(): TestServices {
  const raw = process.env[KEY];
  if (!raw) throw new Error('e2e tests must run through jest with the e2e project (global setup did not run)');
  return JSON.parse(raw) as TestServices;
}
