import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ParticipantCalendarKey1796663389531 implements MigrationInterface {
  name = 'ParticipantCalendarKey1796663389531';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_participants" ADD "calendar_key" integer NOT NULL DEFAULT '0'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_participants" DROP COLUMN "calendar_key"`);
  }
}
