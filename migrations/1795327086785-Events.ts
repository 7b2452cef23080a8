import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Events1795327086785 implements MigrationInterface {
  name = 'Events1795327086785';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organizer_organization_id" uuid NOT NULL, "created_by" uuid NOT NULL, "title" character varying(200) NOT NULL, "description" character varying(2000), "theme_field_code" character varying(64), "theme_chain_code" character varying(64), "venue" character varying(300), "online_url" character varying(500), "registration_opens_at" TIMESTAMP WITH TIME ZONE, "registration_closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "booking_opens_at" TIMESTAMP WITH TIME ZONE, "booking_closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sessions" jsonb NOT NULL, "caps" jsonb NOT NULL, "booking_rule" character varying(32) NOT NULL DEFAULT 'cross', "status" character varying(16) NOT NULL DEFAULT 'draft', "agenda_version" integer NOT NULL DEFAULT '0', "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_40731c7151fe4be3116e45ddf73" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_events_organizer" ON "events"  ("organizer_organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_events_status" ON "events"  ("status", "created_at") `);
    await queryRunner.query(`CREATE TABLE "event_participants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "side" character varying(16) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "session_keys" text array NOT NULL DEFAULT '{}', "unavailable_slots" integer array NOT NULL DEFAULT '{}', "fixed_table" integer, "check_in_code" character varying(32) NOT NULL, "checked_in_at" TIMESTAMP WITH TIME ZONE, "registered_by" uuid NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "UQ_event_participants_org" UNIQUE ("event_id", "organization_id"), CONSTRAINT "PK_b65ffd558d76fd51baffe81d42b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_event_participants_organization" ON "event_participants"  ("organization_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_event_participants_check_in" ON "event_participants"  ("check_in_code") `);
    await queryRunner.query(`CREATE TABLE "meeting_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "requester_id" uuid NOT NULL, "counterpart_id" uuid NOT NULL, "pair_key" character varying(80) NOT NULL, "match_id" uuid, "priority" smallint NOT NULL DEFAULT '1', "message" character varying(1000), "session_key" character varying(32), "status" character varying(16) NOT NULL DEFAULT 'pending', "source" character varying(16) NOT NULL DEFAULT 'participant', "created_by" uuid NOT NULL, "responded_at" TIMESTAMP WITH TIME ZONE, "responded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_418e48920b2acbd0afdb7f9dec0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_meeting_requests_counterpart" ON "meeting_requests"  ("counterpart_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_meeting_requests_open_pair" ON "meeting_requests"  ("event_id", "pair_key") WHERE "status" IN ('pending', 'accepted')`);
    await queryRunner.query(`CREATE INDEX "IDX_meeting_requests_event" ON "meeting_requests"  ("event_id", "status") `);
    await queryRunner.query(`CREATE TABLE "meetings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "request_id" uuid NOT NULL, "requester_id" uuid NOT NULL, "counterpart_id" uuid NOT NULL, "slot" integer NOT NULL, "table_no" integer NOT NULL, "locked" boolean NOT NULL DEFAULT false, "status" character varying(16) NOT NULL DEFAULT 'scheduled', "published_slot" integer, "published_table" integer, "requester_feedback" jsonb, "counterpart_feedback" jsonb, "status_changed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_aa73be861afa77eb4ed31f3ed57" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_meetings_active_request" ON "meetings"  ("request_id") WHERE "status" <> 'cancelled'`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_meetings_slot_table" ON "meetings"  ("event_id", "slot", "table_no") WHERE "status" <> 'cancelled'`);
    await queryRunner.query(`CREATE TABLE "meeting_seats" ("meeting_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "slot" integer NOT NULL, CONSTRAINT "PK_550b497e4805491a5195804ae26" PRIMARY KEY ("meeting_id", "participant_id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_meeting_seats_participant_slot" ON "meeting_seats"  ("participant_id", "slot") `);
    await queryRunner.query(`CREATE TABLE "event_schedule_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'queued', "requested_by" uuid, "report" jsonb, "failure_reason" character varying(1000), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_9b6b87968e5a9b4410e6c70eebc" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_event_schedule_runs_event" ON "event_schedule_runs"  ("event_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "kind" character varying(64) NOT NULL, "title" character varying(200) NOT NULL, "body" character varying(2000) NOT NULL, "subject" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_notifications_organization" ON "notifications"  ("organization_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "events" ADD CONSTRAINT "FK_events_organizer" FOREIGN KEY ("organizer_organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "event_participants" ADD CONSTRAINT "FK_event_participants_event" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "event_participants" ADD CONSTRAINT "FK_event_participants_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_requests" ADD CONSTRAINT "FK_meeting_requests_event" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_requests" ADD CONSTRAINT "FK_meeting_requests_requester" FOREIGN KEY ("requester_id") REFERENCES "event_participants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_requests" ADD CONSTRAINT "FK_meeting_requests_counterpart" FOREIGN KEY ("counterpart_id") REFERENCES "event_participants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_requests" ADD CONSTRAINT "FK_meeting_requests_match" FOREIGN KEY ("match_id") REFERENCES "matches"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meetings" ADD CONSTRAINT "FK_meetings_event" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meetings" ADD CONSTRAINT "FK_meetings_request" FOREIGN KEY ("request_id") REFERENCES "meeting_requests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_seats" ADD CONSTRAINT "FK_meeting_seats_meeting" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_seats" ADD CONSTRAINT "FK_meeting_seats_participant" FOREIGN KEY ("participant_id") REFERENCES "event_participants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "event_schedule_runs" ADD CONSTRAINT "FK_event_schedule_runs_event" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_schedule_runs" DROP CONSTRAINT "FK_event_schedule_runs_event"`);
    await queryRunner.query(`ALTER TABLE "meeting_seats" DROP CONSTRAINT "FK_meeting_seats_participant"`);
    await queryRunner.query(`ALTER TABLE "meeting_seats" DROP CONSTRAINT "FK_meeting_seats_meeting"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_meetings_request"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_meetings_event"`);
    await queryRunner.query(`ALTER TABLE "meeting_requests" DROP CONSTRAINT "FK_meeting_requests_match"`);
    await queryRunner.query(`ALTER TABLE "meeting_requests" DROP CONSTRAINT "FK_meeting_requests_counterpart"`);
    await queryRunner.query(`ALTER TABLE "meeting_requests" DROP CONSTRAINT "FK_meeting_requests_requester"`);
    await queryRunner.query(`ALTER TABLE "meeting_requests" DROP CONSTRAINT "FK_meeting_requests_event"`);
    await queryRunner.query(`ALTER TABLE "event_participants" DROP CONSTRAINT "FK_event_participants_organization"`);
    await queryRunner.query(`ALTER TABLE "event_participants" DROP CONSTRAINT "FK_event_participants_event"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "FK_events_organizer"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notifications_organization"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_event_schedule_runs_event"`);
    await queryRunner.query(`DROP TABLE "event_schedule_runs"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_meeting_seats_participant_slot"`);
    await queryRunner.query(`DROP TABLE "meeting_seats"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_meetings_slot_table"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_meetings_active_request"`);
    await queryRunner.query(`DROP TABLE "meetings"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_meeting_requests_event"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_meeting_requests_open_pair"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_meeting_requests_counterpart"`);
    await queryRunner.query(`DROP TABLE "meeting_requests"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_event_participants_check_in"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_event_participants_organization"`);
    await queryRunner.query(`DROP TABLE "event_participants"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_events_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_events_organizer"`);
    await queryRunner.query(`DROP TABLE "events"`);
  }
}
