import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Roadshow1796634241210 implements MigrationInterface {
  name = 'Roadshow1796634241210';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "roadshow_pitches" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "achievement_id" uuid NOT NULL, "title" character varying(120) NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "minutes" integer NOT NULL, "created_by" uuid NOT NULL, CONSTRAINT "UQ_roadshow_pitches_achievement" UNIQUE ("event_id", "achievement_id"), CONSTRAINT "PK_92b075b365a6b13dd0f3c3530b6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_roadshow_pitches_participant" ON "roadshow_pitches"  ("participant_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_roadshow_pitches_achievement" ON "roadshow_pitches"  ("achievement_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_roadshow_pitches_event_start" ON "roadshow_pitches"  ("event_id", "starts_at") `);
    await queryRunner.query(`CREATE TABLE "roadshow_interests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "pitch_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "message" character varying(500), "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_roadshow_interests_participant" UNIQUE ("pitch_id", "participant_id"), CONSTRAINT "PK_4d78c6b1e7f0ba39569a8104593" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_roadshow_interests_participant" ON "roadshow_interests"  ("participant_id") `);
    await queryRunner.query(`ALTER TABLE "roadshow_pitches" ADD CONSTRAINT "FK_roadshow_pitches_event" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "roadshow_pitches" ADD CONSTRAINT "FK_roadshow_pitches_participant" FOREIGN KEY ("participant_id") REFERENCES "event_participants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "roadshow_pitches" ADD CONSTRAINT "FK_roadshow_pitches_achievement" FOREIGN KEY ("achievement_id") REFERENCES "achievements"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "roadshow_interests" ADD CONSTRAINT "FK_roadshow_interests_pitch" FOREIGN KEY ("pitch_id") REFERENCES "roadshow_pitches"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "roadshow_interests" ADD CONSTRAINT "FK_roadshow_interests_participant" FOREIGN KEY ("participant_id") REFERENCES "event_participants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "roadshow_interests" DROP CONSTRAINT "FK_roadshow_interests_participant"`);
    await queryRunner.query(`ALTER TABLE "roadshow_interests" DROP CONSTRAINT "FK_roadshow_interests_pitch"`);
    await queryRunner.query(`ALTER TABLE "roadshow_pitches" DROP CONSTRAINT "FK_roadshow_pitches_achievement"`);
    await queryRunner.query(`ALTER TABLE "roadshow_pitches" DROP CONSTRAINT "FK_roadshow_pitches_participant"`);
    await queryRunner.query(`ALTER TABLE "roadshow_pitches" DROP CONSTRAINT "FK_roadshow_pitches_event"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_roadshow_interests_participant"`);
    await queryRunner.query(`DROP TABLE "roadshow_interests"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_roadshow_pitches_event_start"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_roadshow_pitches_achievement"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_roadshow_pitches_participant"`);
    await queryRunner.query(`DROP TABLE "roadshow_pitches"`);
  }
}
