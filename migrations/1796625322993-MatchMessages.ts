import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MatchMessages1796625322993 implements MigrationInterface {
  name = 'MatchMessages1796625322993';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "match_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "match_id" uuid NOT NULL, "side" character varying(16) NOT NULL, "organization_id" uuid NOT NULL, "author_user_id" uuid NOT NULL, "body" character varying(2000) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2e09c0fbac8331956a55da075c0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_match_messages_unread" ON "match_messages"  ("match_id") WHERE read_at IS NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_match_messages_match" ON "match_messages"  ("match_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "match_messages" ADD CONSTRAINT "FK_bd42f4fc665a64275788a803090" FOREIGN KEY ("match_id") REFERENCES "matches"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "match_messages" DROP CONSTRAINT "FK_bd42f4fc665a64275788a803090"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_match_messages_match"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_match_messages_unread"`);
    await queryRunner.query(`DROP TABLE "match_messages"`);
  }
}
