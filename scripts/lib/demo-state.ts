// Whether the demo data set is in a database, recorded in that database: `loading` is written
// before the load and `loaded` only after it succeeded, so a load that was interrupted is
// recognised on the next start. The table belongs to the launcher, not to the schema (no entity).
import { withClient } from '@techbridge/database';

const TABLE = 'techbridge_demo_data';

/**
 * `empty`: no organisation yet. `loaded`: a demo load finished. `interrupted`: a demo load began
 * and never finished. `other`: organisations, but no demo load recorded (a user's data, or a demo
 * loaded before loads were recorded): never touched.
 */
export type DemoState = 'empty' | 'loaded' | 'interrupted' | 'other';

export function demoState(databaseUrl: string): Promise<DemoState> {
  return withClient(databaseUrl, async (client) => {
    const recorded = (await client.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [TABLE])).rows[0]!.exists;
    const state = recorded ? (await client.query<{ state: string }>(`SELECT state FROM ${TABLE}`)).rows[0]?.state : undefined;
    if (state === 'loading') return 'interrupted';
    if (state === 'loaded') return 'loaded';
    return (await client.query('SELECT 1 FROM organizations LIMIT 1')).rowCount === 0 ? 'empty' : 'other';
  });
}

export function recordDemoState(databaseUrl: string, state: 'loading' | 'loaded'): Promise<void> {
  return withClient(databaseUrl, async (client) => {
    await client.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (id boolean PRIMARY KEY DEFAULT true CHECK (id), state text NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
    await client.query(`INSERT INTO ${TABLE} (state) VALUES ($1) ON CONFLICT (id) DO UPDATE SET state = excluded.state, at = now()`, [state]);
  });
}

/** True when every account in the database is one of these (the demo's users and the admin). */
export function onlyAccounts(databaseUrl: string, emails: string[]): Promise<boolean> {
  return withClient(databaseUrl, async (client) => {
    const others = await client.query('SELECT 1 FROM users WHERE NOT (lower(email) = ANY($1::text[])) LIMIT 1', [emails.map((e) => e.toLowerCase())]);
    return others.rowCount === 0;
  });
}

export function accountExists(databaseUrl: string, email: string): Promise<boolean> {
  return withClient(databaseUrl, async (client) => ((await client.query('SELECT 1 FROM users WHERE lower(email) = $1', [email.toLowerCase()])).rowCount ?? 0) > 0);
}
