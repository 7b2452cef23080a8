import type { MigrationInterface, QueryRunner } from 'typeorm';
import { type ProcedureOptions, storeProcedure } from './match-lists-procedures';

/**
 * Recomputing an item no longer takes it out of the lists of counterparts that rank it but that
 * it does not rank, unless the item changed (see ProcedureOptions.keepUnchangedCounterparts).
 */
export class MatchListsKeepCounterparts1796670900000 implements MigrationInterface {
  name = 'MatchListsKeepCounterparts1796670900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.write(queryRunner, { replace: true, lockBeforeDelete: true, keepUnchangedCounterparts: true });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.write(queryRunner, { replace: true, lockBeforeDelete: true });
  }

  private async write(queryRunner: QueryRunner, options: ProcedureOptions): Promise<void> {
    for (const kind of ['demand', 'achievement'] as const) await queryRunner.query(storeProcedure(kind, options));
  }
}
