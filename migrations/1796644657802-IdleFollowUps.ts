import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdleFollowUps1796644657802 implements MigrationInterface {
  name = 'IdleFollowUps1796644657802';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "matches" ADD "idle_reminded_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "IDX_meeting_requests_match" ON "meeting_requests"  ("match_id") WHERE "match_id" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_meeting_requests_match"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "idle_reminded_at"`);
  }
}
