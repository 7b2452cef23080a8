import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Attachments1796625696817 implements MigrationInterface {
  name = 'Attachments1796625696817';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_kind" character varying(16) NOT NULL, "item_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "file_name" character varying(200) NOT NULL, "content_type" character varying(100) NOT NULL, "size" integer NOT NULL, "sha256" character(64) NOT NULL, "content" bytea NOT NULL, "uploaded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5e1f050bcff31e3084a1d662412" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_attachments_item" ON "attachments"  ("item_kind", "item_id", "created_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_attachments_item"`);
    await queryRunner.query(`DROP TABLE "attachments"`);
  }
}
