export * from './data-source-options';
export * from './database.module';
export * from './migrate';
export * from './test-database-guard';
export * from './admin/postgres-admin';
export * from './embedded/embedded-postgres';
export * from './embedded/postgres-binaries';
export * from './admin/postgres-server';
