import type { DataSource, EntityManager } from 'typeorm';

/**
 * Reads one statistics report in one snapshot (REPEATABLE READ, READ ONLY): a deal or an item
 * committed while its queries run counts in all of its figures or in none, so its totals and its
 * groups always agree. Read-only, it can never fail to serialise, and a hot-standby replica would
 * take it too; reports read the primary, as everything but readQuery does.
 */
export function inOneSnapshot<T>(dataSource: DataSource, read: (manager: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction('REPEATABLE READ', async (manager) => {
    await manager.query('SET TRANSACTION READ ONLY');
    return read(manager);
  });
}
