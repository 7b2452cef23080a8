import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MatchActionsBySide1796563921920 implements MigrationInterface {
  name = 'MatchActionsBySide1796563921920';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "matches" ADD "dismissed_by" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "matches" ADD "dismissed_from" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "matches" ADD "state_version" integer NOT NULL DEFAULT '1'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "state_version"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "dismissed_from"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "dismissed_by"`);
  }
}
