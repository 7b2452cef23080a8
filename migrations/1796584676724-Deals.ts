import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Deals1796584676724 implements MigrationInterface {
  name = 'Deals1796584676724';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "deals" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(200) NOT NULL, "kind" character varying(32) NOT NULL, "stage" character varying(16) NOT NULL DEFAULT 'intent', "source" character varying(16) NOT NULL, "buyer_organization_id" uuid NOT NULL, "seller_organization_id" uuid NOT NULL, "demand_id" uuid, "achievement_id" uuid, "match_id" uuid, "event_id" uuid, "field_code" character varying(40) NOT NULL, "amount_wan" numeric(14,2), "signed_on" date, "registration_number" character varying(40), "registered_on" date, "cancel_reason" character varying(500), "recorded_by" uuid NOT NULL, CONSTRAINT "CHK_deals_parties" CHECK (buyer_organization_id <> seller_organization_id), CONSTRAINT "PK_8c66f03b250f613ff8615940b4b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_deals_stage" ON "deals"  ("stage") `);
    await queryRunner.query(`CREATE INDEX "IDX_deals_buyer" ON "deals"  ("buyer_organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_deals_seller" ON "deals"  ("seller_organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_deals_match" ON "deals"  ("match_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_deals_event" ON "deals"  ("event_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_deals_registration_number" ON "deals"  ("registration_number") `);
    await queryRunner.query(`ALTER TABLE "deals" ADD CONSTRAINT "FK_deals_buyer" FOREIGN KEY ("buyer_organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "deals" ADD CONSTRAINT "FK_deals_seller" FOREIGN KEY ("seller_organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "deals" ADD CONSTRAINT "FK_deals_demand" FOREIGN KEY ("demand_id") REFERENCES "tech_demands"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "deals" ADD CONSTRAINT "FK_deals_achievement" FOREIGN KEY ("achievement_id") REFERENCES "achievements"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "deals" ADD CONSTRAINT "FK_deals_match" FOREIGN KEY ("match_id") REFERENCES "matches"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "deals" ADD CONSTRAINT "FK_deals_event" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deals" DROP CONSTRAINT "FK_deals_event"`);
    await queryRunner.query(`ALTER TABLE "deals" DROP CONSTRAINT "FK_deals_match"`);
    await queryRunner.query(`ALTER TABLE "deals" DROP CONSTRAINT "FK_deals_achievement"`);
    await queryRunner.query(`ALTER TABLE "deals" DROP CONSTRAINT "FK_deals_demand"`);
    await queryRunner.query(`ALTER TABLE "deals" DROP CONSTRAINT "FK_deals_seller"`);
    await queryRunner.query(`ALTER TABLE "deals" DROP CONSTRAINT "FK_deals_buyer"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_deals_registration_number"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deals_event"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deals_match"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deals_seller"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deals_buyer"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deals_stage"`);
    await queryRunner.query(`DROP TABLE "deals"`);
  }
}
