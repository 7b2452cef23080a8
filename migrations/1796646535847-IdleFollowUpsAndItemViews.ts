import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 跟踪提醒 (match_idle_reminders; the indexes that find a match's last progress and an organisation's
 * open follow-ups) and 浏览量 (item_views; bookmarks counted by item).
 */
export class IdleFollowUpsAndItemViews1796646535847 implements MigrationInterface {
  name = 'IdleFollowUpsAndItemViews1796646535847';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "item_views" ("item_kind" character varying(16) NOT NULL, "item_id" uuid NOT NULL, "day" date NOT NULL, "organization_id" uuid NOT NULL, CONSTRAINT "PK_ced2ec286bfe1d720a42c9d3384" PRIMARY KEY ("item_kind", "item_id", "day", "organization_id"))`);
    await queryRunner.query(`CREATE TABLE "match_idle_reminders" ("match_id" uuid NOT NULL, "reminded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a75028b141e11e31b42a94c36c2" PRIMARY KEY ("match_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_bookmarks_item" ON "bookmarks"  ("item_kind", "item_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_matches_following_up_achievement" ON "matches"  ("achievement_id") WHERE "contacted_at" IS NOT NULL AND "state" IN ('contacted', 'meeting', 'negotiating')`);
    await queryRunner.query(`CREATE INDEX "IDX_meeting_requests_match" ON "meeting_requests"  ("match_id") WHERE "match_id" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "match_idle_reminders" ADD CONSTRAINT "FK_a75028b141e11e31b42a94c36c2" FOREIGN KEY ("match_id") REFERENCES "matches"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "match_idle_reminders" DROP CONSTRAINT "FK_a75028b141e11e31b42a94c36c2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_meeting_requests_match"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_matches_following_up_achievement"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bookmarks_item"`);
    await queryRunner.query(`DROP TABLE "match_idle_reminders"`);
    await queryRunner.query(`DROP TABLE "item_views"`);
  }
}
