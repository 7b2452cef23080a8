import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SessionDevices1796611288802 implements MigrationInterface {
  name = 'SessionDevices1796611288802';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD "ip" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD "user_agent" character varying(200)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP COLUMN "user_agent"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP COLUMN "ip"`);
  }
}
