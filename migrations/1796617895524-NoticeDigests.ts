import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NoticeDigests1796617895524 implements MigrationInterface {
  name = 'NoticeDigests1796617895524';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "notice_digest" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "users" ADD "notice_digest_since" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "notice_digest_since"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "notice_digest"`);
  }
}
