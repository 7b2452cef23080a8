import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MailMessages1796617382448 implements MigrationInterface {
  name = 'MailMessages1796617382448';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "mail_messages" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "requeue_rounds" integer NOT NULL DEFAULT '0', "requeued_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(48) NOT NULL, "recipient" character varying(254) NOT NULL, "user_id" uuid, "subject" character varying(200) NOT NULL, "body" text, "sensitive" boolean NOT NULL DEFAULT false, "status" character varying(16) NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "failure_reason" text, "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_1bd6e76ef3b3d4aff7d0510a509" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_mail_messages_recipient" ON "mail_messages"  ("recipient", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_mail_messages_status" ON "mail_messages"  ("status", "created_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_mail_messages_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_mail_messages_recipient"`);
    await queryRunner.query(`DROP TABLE "mail_messages"`);
  }
}
