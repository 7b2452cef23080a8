import type { MigrationInterface, QueryRunner } from 'typeorm';
import { type ProcedureOptions, storeProcedure, withdrawProcedure } from './match-lists-procedures';

/**
 * The list procedures lock the rows they are about to delete before judging them unused, so a
 * row given feedback while they ran keeps its feedback (see ProcedureOptions.lockBeforeDelete).
 */
export class MatchRowsKeepFeedback1796563921921 implements MigrationInterface {
  name = 'MatchRowsKeepFeedback1796563921921';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.write(queryRunner, { replace: true, lockBeforeDelete: true });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.write(queryRunner, { replace: true, lockBeforeDelete: false });
  }

  private async write(queryRunner: QueryRunner, options: ProcedureOptions): Promise<void> {
    for (const kind of ['demand', 'achievement'] as const) {
      await queryRunner.query(storeProcedure(kind, options));
      await queryRunner.query(withdrawProcedure(kind, options));
    }
  }
}
