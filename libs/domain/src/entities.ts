import { SystemPing } from './system/system-ping.entity';

/** Every TypeORM entity, listed once for the DataSource (no globs: the build and Jest agree). */
export const ENTITIES = [SystemPing];
