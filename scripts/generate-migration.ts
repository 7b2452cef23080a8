// Writes a migration that brings a freshly migrated database in line with the entities.
// Usage: npm run migration:generate -- AddDemands
import fs from 'node:fs';
import path from 'node:path';
import {
  buildDataSourceOptions,
  dropDatabase,
  ensureDatabase,
  findPostgresServer,
  runMigrationsWithLock,
  withDatabase,
} from '@techbridge/database';
import { DataSource } from 'typeorm';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    throw new Error('give the migration a PascalCase name: npm run migration:generate -- AddDemands');
  }
  const server = await findPostgresServer({ databaseUrl: process.env.DATABASE_URL });
  // A scratch database: the diff must not depend on whatever a developer's database holds.
  const url = withDatabase(server.url, `techbridge_migration_${Date.now()}`);
  await ensureDatabase(url);
  const dataSource = await new DataSource(buildDataSourceOptions({ databaseUrl: url, databasePoolSize: 2 })).initialize();
  try {
    await runMigrationsWithLock(dataSource);
    const sql = await dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      process.stdout.write('entities and migrations agree: nothing to generate\n');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const file = path.join(process.cwd(), 'migrations', `${timestamp}-${name}.ts`);
    fs.writeFileSync(file, render(className, sql.upQueries, [...sql.downQueries].reverse()));
    registerMigration(className, path.basename(file, '.ts'));
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)} — read it before committing\n`);
  } finally {
    await dataSource.destroy();
    await dropDatabase(url);
    await server.stop();
  }
}

type Query = { query: string; parameters?: unknown[] };

function render(className: string, up: Query[], down: Query[]): string {
  const lines = (queries: Query[]) =>
    queries
      .map((q) => `    await queryRunner.query(\`${q.query.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${')}\`${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`)
      .join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

function registerMigration(className: string, moduleName: string): void {
  const index = path.join(process.cwd(), 'migrations', 'index.ts');
  let text = fs.readFileSync(index, 'utf8');
  text = text.replace(/(import type \{ MigrationInterface \} from 'typeorm';\n)/, `$1import { ${className} } from './${moduleName}';\n`);
  text = text.replace(/= \[([^\]]*)\];/, (_m, list: string) => {
    const items = list.split(',').map((s) => s.trim()).filter(Boolean);
    items.push(className);
    return `= [\n  ${items.join(',\n  ')},\n];`;
  });
  fs.writeFileSync(index, text);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
