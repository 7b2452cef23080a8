import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogTakedown1796657964574 implements MigrationInterface {
  name = 'CatalogTakedown1796657964574';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tech_demands" ADD "takedown_reason" character varying(500)`);
    await queryRunner.query(`ALTER TABLE "achievements" ADD "takedown_reason" character varying(500)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "achievements" DROP COLUMN "takedown_reason"`);
    await queryRunner.query(`ALTER TABLE "tech_demands" DROP COLUMN "takedown_reason"`);
  }
}
