import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventInvitations1795328352277 implements MigrationInterface {
  name = 'EventInvitations1795328352277';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "event_invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "organization_name" character varying(200), "side" character varying(16) NOT NULL, "session_keys" text array NOT NULL DEFAULT '{}', "invited_by" uuid NOT NULL, "participant_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_event_invitations_email" UNIQUE ("event_id", "email"), CONSTRAINT "PK_48ba3c43da3ae3e1f824f671da7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`ALTER TABLE "event_invitations" ADD CONSTRAINT "FK_event_invitations_event" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_invitations" DROP CONSTRAINT "FK_event_invitations_event"`);
    await queryRunner.query(`DROP TABLE "event_invitations"`);
  }
}
