import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const entry = { api: 'dist/apps/api/src/main.js', worker: 'dist/apps/worker/src/main.js', migrate: 'dist/scripts/migrate.js' };

/** Starts a compiled entry point with exactly this environment (nothing inherited but PATH). */
function start(which: keyof typeof entry, env: Record<string, string>) {
  const result = spawnSync(process.execPath, [path.join(root, entry[which])], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    // A hang fails by this; start-up is a second or two, many more on a loaded machine.
    timeout: 60_000,
  });
  return { code: result.status, stderrLines: result.stderr.trim().split('\n').filter(Boolean) };
}

const valid = { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/unused_test', QUEUE_BACKEND: 'postgres' };

describe('configuration is validated at boot', () => {
  it.each([
    ['api', {}, 'DATABASE_URL is required'],
    ['api', { ...valid, PORT: 'eighty' }, 'PORT must be an integer'],
    ['api', { ...valid, DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL must use postgres: or postgresql:'],
    ['api', { ...valid, QUEUE_BACKEND: 'kafka' }, 'QUEUE_BACKEND must be one of redis, postgres'],
    ['api', { ...valid, QUEUE_BACKEND: 'redis' }, 'REDIS_URL is required when QUEUE_BACKEND is redis'],
    ['api', { ...valid, LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    ['api', { ...valid, NODE_ENV: 'production' }, 'JWT_SECRET is required in production'],
    ['api', { ...valid, JWT_SECRET: 'short' }, 'JWT_SECRET must be at least 32 characters'],
    ['api', { ...valid, TRUST_PROXY: 'everyone' }, 'TRUST_PROXY must be false, true (one proxy), a number of proxies'],
    ['worker', { ...valid, WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY must be an integer from 1 to 256'],
    ['migrate', { DATABASE_URL: 'not a url' }, 'DATABASE_URL must be a URL'],
  ] as const)('%s with %j stops with one line naming the variable', (which, env, expected) => {
    const { code, stderrLines } = start(which, env as Record<string, string>);
    expect(code).toBe(1);
    expect(stderrLines).toHaveLength(1);
    expect(stderrLines[0]).toContain(`Invalid configuration: ${expected}`);
  }, 90_000);

  it('never echoes a database password back', () => {
    const { stderrLines } = start('api', { DATABASE_URL: 'postgresql://app:s3cret@db:5432/x', PORT: '-1' });
    expect(stderrLines.join('\n')).not.toContain('s3cret');
  }, 90_000);
});
