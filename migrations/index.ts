// Every migration, in order. `npm run migration:generate -- <Name>` appends here; review before committing.
import type { MigrationInterface } from 'typeorm';
import { Init1795313719772 } from './1795313719772-Init';

export const MIGRATIONS: Array<new () => MigrationInterface> = [
  Init1795313719772,
];
