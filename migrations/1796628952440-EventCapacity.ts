import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventCapacity1796628952440 implements MigrationInterface {
  name = 'EventCapacity1796628952440';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "events" ADD "max_participants" integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "max_participants"`);
  }
}
