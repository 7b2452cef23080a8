import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MatchesContactedDemand1796637550314 implements MigrationInterface {
  name = 'MatchesContactedDemand1796637550314';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_matches_contacted_demand" ON "matches"  ("demand_id") WHERE "contacted_at" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_matches_contacted_demand"`);
  }
}
