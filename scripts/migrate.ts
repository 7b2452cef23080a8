// `npm run migrate`: applies pending migrations to DATABASE_URL under the advisory lock.
import { migrateDatabase } from '@techbridge/database';
import { loadEnvOrExit, redactUrl } from '@techbridge/platform';

async function main(): Promise<void> {
  const env = loadEnvOrExit();
  const applied = await migrateDatabase(env);
  process.stdout.write(
    applied.length ? `applied ${applied.length} migration(s) to ${redactUrl(env.databaseUrl)}: ${applied.join(', ')}\n` : `${redactUrl(env.databaseUrl)} is up to date\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
