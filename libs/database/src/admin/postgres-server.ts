import os from 'node:os';
import path from 'node:path';
import { EmbeddedPostgres } from '../embedded/embedded-postgres';
import { canConnect, withDatabase } from './postgres-admin';

export interface PostgresServer {
  /** URL of the maintenance database (`postgres`) on the server. */
  url: string;
  source: 'DATABASE_URL' | 'local' | 'embedded';
  stop(): Promise<void>;
}

/**
 * Finds a PostgreSQL server for tools and tests: the one DATABASE_URL names, else a local one on
 * 127.0.0.1:5432, else an embedded server started from node_modules.
 */
export async function findPostgresServer(opts: { databaseUrl?: string; embeddedDir?: string } = {}): Promise<PostgresServer> {
  const noop = async () => undefined;
  if (opts.databaseUrl) return { url: withDatabase(opts.databaseUrl, 'postgres'), source: 'DATABASE_URL', stop: noop };
  const osUser = os.userInfo().username;
  for (const user of ['postgres', osUser]) {
    const url = `postgresql://${encodeURIComponent(user)}@127.0.0.1:5432/postgres`;
    if (await canConnect(url)) return { url, source: 'local', stop: noop };
  }
  const embedded = new EmbeddedPostgres({ dataDir: opts.embeddedDir ?? path.join(os.tmpdir(), 'techbridge-test-postgres') });
  await embedded.start();
  return { url: embedded.url('postgres'), source: 'embedded', stop: () => embedded.stop() };
}
