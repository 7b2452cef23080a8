import { Client } from 'pg';
import type request from 'supertest';
import { eventually, type TestApp } from './harness';

/**
 * Forces one interleaving of two changes, without sleeps: runs `change` in a transaction of its own
 * (standing in for a request in flight), starts `call` while it is open, commits once `waiting`
 * connections (`call`'s) wait on a lock, and answers what `call` answers.
 */
export async function whileCommitting<T = request.Response>(app: TestApp, change: (db: Client) => Promise<unknown>, call: () => PromiseLike<T>, { waiting = 1, timeoutMs = 15_000 } = {}): Promise<T> {
  const db = new Client({ connectionString: app.env.databaseUrl });
  await db.connect();
  try {
    await db.query('BEGIN');
    await change(db);
    const [{ pid }] = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    const response = Promise.resolve(call());
    await eventually(async () => {
      const blocked = await app.sql(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> $1`, [pid]);
      return blocked.length >= waiting ? true : undefined;
    }, timeoutMs);
    await db.query('COMMIT');
    return await response;
  } finally {
    await db.end();
  }
}
