import type { EntityManager } from 'typeorm';

/** The database's clock: the one placement and the scheduler read, so every rule of the day agrees on the time. */
export async function databaseNow(manager: EntityManager): Promise<Date> {
  const [{ now }]: Array<{ now: Date }> = await manager.query('SELECT clock_timestamp() AS now');
  return now;
}
