import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventRegistrationApproval1796650500956 implements MigrationInterface {
  name = 'EventRegistrationApproval1796650500956';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "events" ADD "registration_approval" character varying(16) NOT NULL DEFAULT 'manual'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "registration_approval"`);
  }
}
