import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventCheckIns1796674993323 implements MigrationInterface {
  name = 'EventCheckIns1796674993323';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "event_check_ins" ("participant_id" uuid NOT NULL, "day" date NOT NULL, "event_id" uuid NOT NULL, "checked_in_at" TIMESTAMP WITH TIME ZONE NOT NULL, "checked_in_by" uuid NOT NULL, CONSTRAINT "PK_b025e7b8a6e5a8a6fd61cabe813" PRIMARY KEY ("participant_id", "day"))`);
    await queryRunner.query(`CREATE INDEX "IDX_event_check_ins_event_day" ON "event_check_ins"  ("event_id", "day") `);
    await queryRunner.query(`ALTER TABLE "event_check_ins" ADD CONSTRAINT "FK_event_check_ins_participant" FOREIGN KEY ("participant_id") REFERENCES "event_participants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "event_check_ins" ADD CONSTRAINT "FK_event_check_ins_event" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // The one check-in recorded so far becomes that day's (China time); who scanned it is in the audit log, else the registrant stands in.
    await queryRunner.query(`INSERT INTO "event_check_ins" ("participant_id", "day", "event_id", "checked_in_at", "checked_in_by")
      SELECT p.id, (p.checked_in_at AT TIME ZONE 'Asia/Shanghai')::date, p.event_id, p.checked_in_at,
             coalesce((SELECT a.actor_user_id FROM audit_entries a WHERE a.resource_type = 'event_participant' AND a.resource_id = p.id::text AND a.action = 'event.participant.check_in' ORDER BY a.at LIMIT 1), p.registered_by)
        FROM event_participants p WHERE p.checked_in_at IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_check_ins" DROP CONSTRAINT "FK_event_check_ins_event"`);
    await queryRunner.query(`ALTER TABLE "event_check_ins" DROP CONSTRAINT "FK_event_check_ins_participant"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_event_check_ins_event_day"`);
    await queryRunner.query(`DROP TABLE "event_check_ins"`);
  }
}
