import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { testEnvVars } from '../support/harness';

const root = path.resolve(__dirname, '../..');

/**
 * BullMQ remembers a failed set-up of its PostgreSQL connection, and a worker fetching jobs
 * retries a failed fetch at once: a worker left alive with a failed set-up would print the same
 * error over and over in a loop that lets no timer or signal through. Workers are therefore built
 * stopped and started only once connected (QueueProcessor, WorkerLifecycle); a set-up the
 * database cuts fails the start, and the process exits.
 */
describe('a worker whose queue connection cannot be set up', () => {
  it('fails its start and exits, printing a few lines, instead of spinning on the error', async () => {
    const vars = await testEnvVars({ queueBackend: 'postgres' });
    // A fresh namespace: the set-up runs BullMQ's migrations, long enough to be cut.
    const namespace = `setup_cut_${process.pid}_${Date.now()}`;
    const killer = new Client({ connectionString: vars.DATABASE_URL });
    await killer.connect();
    const child = spawn(process.execPath, [path.join(root, 'dist/apps/worker/src/main.js')], {
      cwd: root,
      env: { ...process.env, ...vars, QUEUE_NAMESPACE: namespace, LOG_LEVEL: 'warn', SHUTDOWN_TIMEOUT_MS: '2000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = 0;
    let tail = '';
    const take = (chunk: Buffer) => {
      printed += chunk.length;
      tail = (tail + chunk.toString()).slice(-2000);
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let running = true;
    // The database ends every queue connection of this database as soon as it opens.
    const cutting = (async () => {
      while (running) {
        await killer.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'techbridge-queue' AND datname = current_database()`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    try {
      const code = await exited;
      expect({ code, printed: printed < 64 * 1024 }).toEqual({ code: 1, printed: true });
      expect(tail).toContain('worker failed to start');
    } finally {
      running = false;
      await cutting;
      child.kill('SIGKILL');
      await killer.query(`DROP SCHEMA IF EXISTS "${namespace}" CASCADE`);
      await killer.end();
    }
  }, 90_000);
});
