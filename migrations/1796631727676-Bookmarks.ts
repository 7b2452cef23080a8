import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Bookmarks1796631727676 implements MigrationInterface {
  name = 'Bookmarks1796631727676';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "bookmarks" ("user_id" uuid NOT NULL, "item_kind" character varying(16) NOT NULL, "item_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e531e926d165c2c67dfb98cf31a" PRIMARY KEY ("user_id", "item_kind", "item_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_bookmarks_user_created" ON "bookmarks"  ("user_id", "created_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_bookmarks_user_created"`);
    await queryRunner.query(`DROP TABLE "bookmarks"`);
  }
}
