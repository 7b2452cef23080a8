/**
 * Tests truncate tables. This guard makes that impossible on a database whose name does not
 * say it is a test database, whatever URL a developer happens to have exported.
 */
export function assertTestDatabase(databaseUrl: string): void {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test".`);
  }
}
