import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MatchingRetries1796674210819 implements MigrationInterface {
  name = 'MatchingRetries1796674210819';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tech_demands" ADD "matching_retry_version" integer`);
    await queryRunner.query(`ALTER TABLE "tech_demands" ADD "matching_retries" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "tech_demands" ADD "matching_retried_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "tech_demands" ADD "matching_failure" character varying(500)`);
    await queryRunner.query(`ALTER TABLE "achievements" ADD "matching_retry_version" integer`);
    await queryRunner.query(`ALTER TABLE "achievements" ADD "matching_retries" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "achievements" ADD "matching_retried_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "achievements" ADD "matching_failure" character varying(500)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "achievements" DROP COLUMN "matching_failure"`);
    await queryRunner.query(`ALTER TABLE "achievements" DROP COLUMN "matching_retried_at"`);
    await queryRunner.query(`ALTER TABLE "achievements" DROP COLUMN "matching_retries"`);
    await queryRunner.query(`ALTER TABLE "achievements" DROP COLUMN "matching_retry_version"`);
    await queryRunner.query(`ALTER TABLE "tech_demands" DROP COLUMN "matching_failure"`);
    await queryRunner.query(`ALTER TABLE "tech_demands" DROP COLUMN "matching_retried_at"`);
    await queryRunner.query(`ALTER TABLE "tech_demands" DROP COLUMN "matching_retries"`);
    await queryRunner.query(`ALTER TABLE "tech_demands" DROP COLUMN "matching_retry_version"`);
  }
}
