import type { MigrationInterface, QueryRunner } from 'typeorm';
import { type ProcedureOptions, storeProcedure, withdrawProcedure } from './match-lists-procedures';

const AS_FIRST_WRITTEN: ProcedureOptions = { replace: false, lockBeforeDelete: false };

export class MatchListsProcedure1795400000000 implements MigrationInterface {
  name = 'MatchListsProcedure1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const kind of ['demand', 'achievement'] as const) {
      await queryRunner.query(storeProcedure(kind, AS_FIRST_WRITTEN));
      await queryRunner.query(withdrawProcedure(kind, AS_FIRST_WRITTEN));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const kind of ['demand', 'achievement'] as const) {
      await queryRunner.query(`DROP PROCEDURE withdraw_${kind}_match(uuid, int, text, bigint)`);
      await queryRunner.query(`DROP PROCEDURE store_${kind}_matches(jsonb, jsonb, text, int, bigint)`);
    }
  }
}
