import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountClosures1796677834556 implements MigrationInterface {
  name = 'AccountClosures1796677834556';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "sign_in_failures" ("email" character varying(254) NOT NULL, "failures" integer NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, "last_failed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_3debe53504498e0659ea2118036" PRIMARY KEY ("email"))`);
    // Failures counted so far (per account) carry over to the account's address, lock-outs with them.
    await queryRunner.query(`INSERT INTO "sign_in_failures" ("email", "failures", "locked_until", "last_failed_at")
      SELECT "email", "failed_logins", "locked_until", now() FROM "users" WHERE "failed_logins" > 0`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "failed_logins"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "locked_until"`);
    await queryRunner.query(`ALTER TABLE "users" ADD "closed_at" TIMESTAMP WITH TIME ZONE`);
    // Accounts closed so far are known by the address closing gave them; the audit trail has when.
    await queryRunner.query(`UPDATE "users" u SET "closed_at" = coalesce(
        (SELECT max(a."at") FROM "audit_entries" a WHERE a."action" = 'account.close' AND a."resource_type" = 'user' AND a."resource_id" = u."id"::text), now())
      WHERE u."email" = 'closed-' || u."id" || '@closed.invalid'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "closed_at"`);
    await queryRunner.query(`ALTER TABLE "users" ADD "locked_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "failed_logins" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`UPDATE "users" u SET "failed_logins" = f."failures", "locked_until" = f."locked_until" FROM "sign_in_failures" f WHERE f."email" = u."email"`);
    await queryRunner.query(`DROP TABLE "sign_in_failures"`);
  }
}
