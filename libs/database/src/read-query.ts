import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * A hot read (search, lists): sent to a read replica when DATABASE_READ_URLS configures some, and
 * as a named prepared statement, so PostgreSQL plans each distinct query shape once per
 * connection instead of on every request.
 */
const names = new Map<string, string>();
const statementName = (text: string): string => {
  let name = names.get(text);
  if (!name) {
    name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (names.size < 1_000) names.set(text, name);
  }
  return name;
};

export async function readQuery<T>(dataSource: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const driver = dataSource.driver as unknown as { master: PgPool; slaves: PgPool[] };
  const pool = driver.slaves.length ? driver.slaves[Math.floor(Math.random() * driver.slaves.length)] : driver.master;
  const name = statementName(text);
  const result = await pool.query({ name, text, values });
  return result.rows as T[];
}

