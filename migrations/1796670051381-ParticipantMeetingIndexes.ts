import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ParticipantMeetingIndexes1796670051381 implements MigrationInterface {
  name = 'ParticipantMeetingIndexes1796670051381';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_meeting_requests_requester" ON "meeting_requests"  ("requester_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_meetings_counterpart" ON "meetings"  ("event_id", "counterpart_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_meetings_requester" ON "meetings"  ("event_id", "requester_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_meetings_requester"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_meetings_counterpart"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_meeting_requests_requester"`);
  }
}
