import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogSubscriptions1796621541432 implements MigrationInterface {
  name = 'CatalogSubscriptions1796621541432';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "catalog_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "created_by" uuid NOT NULL, "kind" character varying(16) NOT NULL, "field_codes" text array NOT NULL DEFAULT '{}', "keywords" text array NOT NULL DEFAULT '{}', "region_prefix" character varying(6), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d9f1b917b2cdf78a57bd1328fa3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_catalog_subscriptions_organization" ON "catalog_subscriptions"  ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_catalog_subscriptions_kind" ON "catalog_subscriptions"  ("kind") `);
    await queryRunner.query(`ALTER TABLE "catalog_subscriptions" ADD CONSTRAINT "FK_catalog_subscriptions_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "catalog_subscriptions" DROP CONSTRAINT "FK_catalog_subscriptions_organization"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_catalog_subscriptions_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_catalog_subscriptions_organization"`);
    await queryRunner.query(`DROP TABLE "catalog_subscriptions"`);
  }
}
