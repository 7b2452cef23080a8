import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Accounts1795316091419 implements MigrationInterface {
  name = 'Accounts1795316091419';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" character varying(16) NOT NULL, "name" character varying(200) NOT NULL, "credit_code" character(18) NOT NULL, "region_code" character(6) NOT NULL, "fields" text array NOT NULL DEFAULT '{}', "size" character varying(16), "tiers" text array NOT NULL DEFAULT '{}', "description" character varying(2000), "verified" boolean NOT NULL DEFAULT false, "verified_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_organizations_credit_code" ON "organizations"  ("credit_code") `);
    await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "password_hash" character varying(255) NOT NULL, "display_name" character varying(100) NOT NULL, "organization_id" uuid, "member_role" character varying(16) NOT NULL DEFAULT 'member', "platform_roles" text array NOT NULL DEFAULT '{}', "active" boolean NOT NULL DEFAULT true, "failed_logins" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "last_login_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_email" ON "users"  ("email") `);
    await queryRunner.query(`CREATE INDEX "IDX_users_organization" ON "users"  ("organization_id") `);
    await queryRunner.query(`CREATE TABLE "invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "member_role" character varying(16) NOT NULL, "token_hash" character(64) NOT NULL, "invited_by" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_invitations_organization" ON "invitations"  ("organization_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_invitations_token_hash" ON "invitations"  ("token_hash") `);
    await queryRunner.query(`CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL, "family_id" uuid NOT NULL, "user_id" uuid NOT NULL, "secret_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_refresh_tokens_family" ON "refresh_tokens"  ("family_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_refresh_tokens_user" ON "refresh_tokens"  ("user_id") `);
    await queryRunner.query(`CREATE TABLE "broker_assignments" ("broker_user_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "assigned_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_13f949dc910309621bee8c43390" PRIMARY KEY ("broker_user_id", "organization_id"))`);
    await queryRunner.query(`CREATE TABLE "rate_limit_counters" ("key" character varying(300) NOT NULL, "hits" integer NOT NULL, "window_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ad665f1998311a7bd0e8265365d" PRIMARY KEY ("key"))`);
    await queryRunner.query(`CREATE TABLE "audit_entries" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_user_id" uuid, "organization_id" uuid, "broker_user_id" uuid, "action" character varying(64) NOT NULL, "resource_type" character varying(32) NOT NULL, "resource_id" character varying(64), "details" jsonb NOT NULL DEFAULT '{}', "request_id" character varying(128), "ip" character varying(64), CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_at" ON "audit_entries"  ("at") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_actor" ON "audit_entries"  ("actor_user_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_organization" ON "audit_entries"  ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_resource" ON "audit_entries"  ("resource_type", "resource_id") `);
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "FK_users_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "invitations" ADD CONSTRAINT "FK_invitations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_refresh_tokens_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "broker_assignments" ADD CONSTRAINT "FK_broker_assignments_broker" FOREIGN KEY ("broker_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "broker_assignments" ADD CONSTRAINT "FK_broker_assignments_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "broker_assignments" DROP CONSTRAINT "FK_broker_assignments_organization"`);
    await queryRunner.query(`ALTER TABLE "broker_assignments" DROP CONSTRAINT "FK_broker_assignments_broker"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_refresh_tokens_user"`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "FK_invitations_organization"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_users_organization"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_entries_resource"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_entries_organization"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_entries_actor"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_entries_at"`);
    await queryRunner.query(`DROP TABLE "audit_entries"`);
    await queryRunner.query(`DROP TABLE "rate_limit_counters"`);
    await queryRunner.query(`DROP TABLE "broker_assignments"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_refresh_tokens_user"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_refresh_tokens_family"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_invitations_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_invitations_organization"`);
    await queryRunner.query(`DROP TABLE "invitations"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_users_organization"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_users_email"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_organizations_credit_code"`);
    await queryRunner.query(`DROP TABLE "organizations"`);
  }
}
