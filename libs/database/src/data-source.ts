// Entry point for the TypeORM CLI (`npx typeorm -d dist/libs/database/src/data-source.js …`).
import { loadEnv } from '@techbridge/platform';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

export default new DataSource(buildDataSourceOptions({ ...loadEnv(), applicationName: 'techbridge-cli' }));
