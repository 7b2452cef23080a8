import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ScheduleRunEventVersion1796564292969 implements MigrationInterface {
  name = 'ScheduleRunEventVersion1796564292969';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_schedule_runs" ADD "event_version" integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_schedule_runs" DROP COLUMN "event_version"`);
  }
}
