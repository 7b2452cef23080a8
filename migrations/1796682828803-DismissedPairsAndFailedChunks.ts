import type { MigrationInterface, QueryRunner } from 'typeorm';
import { type ProcedureOptions, storeProcedure } from './match-lists-procedures';

/**
 * Dismissed pairs take no place in the lists (ProcedureOptions.dismissedTakeNoPlace), and the
 * reconciliation gives up on a rebuild chunk whose jobs keep failing (its retries and failed_at;
 * the rebuild then ends `completed_with_failures`, too long for the former status column).
 */
export class DismissedPairsAndFailedChunks1796682828803 implements MigrationInterface {
  name = 'DismissedPairsAndFailedChunks1796682828803';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "matching_rebuild_chunks" ADD "retries" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "matching_rebuild_chunks" ADD "failed_at" TIMESTAMP WITH TIME ZONE`);
    // Widened in place (the generator would drop and re-add the column, losing every status).
    await queryRunner.query(`ALTER TABLE "matching_rebuilds" ALTER COLUMN "status" TYPE character varying(32)`);
    await this.writeProcedures(queryRunner, { replace: true, lockBeforeDelete: true, keepUnchangedCounterparts: true, dismissedTakeNoPlace: true });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.writeProcedures(queryRunner, { replace: true, lockBeforeDelete: true, keepUnchangedCounterparts: true });
    await queryRunner.query(`UPDATE "matching_rebuilds" SET "status" = 'completed' WHERE "status" = 'completed_with_failures'`);
    await queryRunner.query(`ALTER TABLE "matching_rebuilds" ALTER COLUMN "status" TYPE character varying(16)`);
    await queryRunner.query(`ALTER TABLE "matching_rebuild_chunks" DROP COLUMN "failed_at"`);
    await queryRunner.query(`ALTER TABLE "matching_rebuild_chunks" DROP COLUMN "retries"`);
  }

  private async writeProcedures(queryRunner: QueryRunner, options: ProcedureOptions): Promise<void> {
    for (const kind of ['demand', 'achievement'] as const) await queryRunner.query(storeProcedure(kind, options));
  }
}
