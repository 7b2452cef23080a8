import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Catalog1795318551169 implements MigrationInterface {
  name = 'Catalog1795318551169';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "tech_demands" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "created_by" uuid NOT NULL, "external_ref" character varying(64), "title" character varying(120) NOT NULL, "neutral_title" character varying(120) NOT NULL, "field_code" character varying(40) NOT NULL, "chain_codes" text array NOT NULL DEFAULT '{}', "keywords" text array NOT NULL DEFAULT '{}', "cooperation_modes" text array NOT NULL DEFAULT '{}', "region_code" character varying(6) NOT NULL, "visibility" character varying(16) NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "archived_at" TIMESTAMP WITH TIME ZONE, "search_open" tsvector, "search_full" tsvector, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "description" text NOT NULL, "indicators" jsonb NOT NULL DEFAULT '[]', "existing_basis" text, "budget_min_wan" numeric(12,2), "budget_max_wan" numeric(12,2), "budget_negotiable" boolean NOT NULL DEFAULT false, "desired_stage" character varying(16) NOT NULL, "local_preference" boolean NOT NULL DEFAULT false, "valid_until" date NOT NULL, "status" character varying(16) NOT NULL, "is_challenge" boolean NOT NULL DEFAULT false, "challenge_reward_wan" numeric(12,2), "challenge_deadline" date, "challenge_evaluation_plan" text, CONSTRAINT "PK_ff1c252b3aeb76df6289b0b9cee" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_52b7a8c4bd23998883835774e3" ON "tech_demands"  ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_5a24ce931134a4b4f73844f655" ON "tech_demands"  ("field_code") `);
    await queryRunner.query(`CREATE INDEX "IDX_475ee22a5d0badd8d1441d3c34" ON "tech_demands"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "IDX_0eef57d1740280bca6c512416c" ON "tech_demands"  ("valid_until") `);
    await queryRunner.query(`CREATE INDEX "IDX_tech_demands_listing" ON "tech_demands"  ("status", "visibility", "published_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_tech_demands_external_ref" ON "tech_demands"  ("organization_id", "external_ref") WHERE "external_ref" IS NOT NULL`);
    await queryRunner.query(`CREATE TABLE "achievements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "created_by" uuid NOT NULL, "external_ref" character varying(64), "title" character varying(120) NOT NULL, "neutral_title" character varying(120) NOT NULL, "field_code" character varying(40) NOT NULL, "chain_codes" text array NOT NULL DEFAULT '{}', "keywords" text array NOT NULL DEFAULT '{}', "cooperation_modes" text array NOT NULL DEFAULT '{}', "region_code" character varying(6) NOT NULL, "visibility" character varying(16) NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "archived_at" TIMESTAMP WITH TIME ZONE, "search_open" tsvector, "search_full" tsvector, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "summary" text NOT NULL, "innovation_points" jsonb NOT NULL DEFAULT '[]', "application_scenarios" jsonb NOT NULL DEFAULT '[]', "trl" smallint NOT NULL, "stage" character varying(16) NOT NULL, "ip_rights" jsonb NOT NULL DEFAULT '[]', "price_min_wan" numeric(12,2), "price_max_wan" numeric(12,2), "price_negotiable" boolean NOT NULL DEFAULT false, "team_lead" character varying(100) NOT NULL, "status" character varying(16) NOT NULL, CONSTRAINT "PK_1bc19c37c6249f70186f318d71d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_5ec76b6935875f4c6ced106bb3" ON "achievements"  ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_b0b156878e18d14d357f990e60" ON "achievements"  ("field_code") `);
    await queryRunner.query(`CREATE INDEX "IDX_33b4e0421cdb4eb398681bf00f" ON "achievements"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "IDX_4df7850c223416b941d298727c" ON "achievements"  ("trl") `);
    await queryRunner.query(`CREATE INDEX "IDX_achievements_listing" ON "achievements"  ("status", "visibility", "published_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_achievements_external_ref" ON "achievements"  ("organization_id", "external_ref") WHERE "external_ref" IS NOT NULL`);
    await queryRunner.query(`CREATE TABLE "disclosures" ("item_kind" character varying(16) NOT NULL, "item_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "granted_by" uuid NOT NULL, "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6f9e2900dafbb11bb2d75c6a1b8" PRIMARY KEY ("item_kind", "item_id", "organization_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_disclosures_organization" ON "disclosures"  ("organization_id", "item_kind") `);
    await queryRunner.query(`CREATE TABLE "taxonomy_fields" ("code" character varying(40) NOT NULL, "label" character varying(60) NOT NULL, "active" boolean NOT NULL DEFAULT true, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_f4b988a9402dafc0e81a2b328c1" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "taxonomy_chains" ("code" character varying(40) NOT NULL, "label" character varying(60) NOT NULL, "field_code" character varying(40) NOT NULL, "active" boolean NOT NULL DEFAULT true, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_ae095fbb3659aaf8e858f391a71" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "catalog_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(16) NOT NULL, "organization_id" uuid NOT NULL, "created_by" uuid NOT NULL, "broker_user_id" uuid, "file_name" character varying(255) NOT NULL, "format" character varying(8) NOT NULL, "content" bytea NOT NULL, "dry_run" boolean NOT NULL DEFAULT false, "publish" boolean NOT NULL DEFAULT false, "status" character varying(16) NOT NULL DEFAULT 'queued', "total_rows" integer NOT NULL DEFAULT '0', "processed_rows" integer NOT NULL DEFAULT '0', "created_count" integer NOT NULL DEFAULT '0', "updated_count" integer NOT NULL DEFAULT '0', "error_count" integer NOT NULL DEFAULT '0', "problems" jsonb NOT NULL DEFAULT '[]', "failure_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_534430ad56514be7fa01ba846ca" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_catalog_imports_organization" ON "catalog_imports"  ("organization_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "tech_demands" ADD CONSTRAINT "FK_52b7a8c4bd23998883835774e31" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "achievements" ADD CONSTRAINT "FK_5ec76b6935875f4c6ced106bb39" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "taxonomy_chains" ADD CONSTRAINT "FK_taxonomy_chains_field" FOREIGN KEY ("field_code") REFERENCES "taxonomy_fields"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // Hand-written: full-text and array indexes (GIN), which TypeORM does not generate.
    for (const table of ['tech_demands', 'achievements']) {
      await queryRunner.query(`CREATE INDEX "IDX_${table}_search_open" ON "${table}" USING GIN ("search_open")`);
      await queryRunner.query(`CREATE INDEX "IDX_${table}_search_full" ON "${table}" USING GIN ("search_full")`);
      await queryRunner.query(`CREATE INDEX "IDX_${table}_chain_codes" ON "${table}" USING GIN ("chain_codes")`);
      await queryRunner.query(`CREATE INDEX "IDX_${table}_cooperation_modes" ON "${table}" USING GIN ("cooperation_modes")`);
    }
    // Hand-written: the initial taxonomy (技术领域, 产业链). Admins edit it from here on.
    await queryRunner.query(`INSERT INTO "taxonomy_fields" ("code", "label", "position") VALUES
        ('equipment', '装备制造', 0),
        ('robotics', '机器人与智能制造', 1),
        ('aerospace', '航空航天', 2),
        ('materials', '新材料', 3),
        ('fine_chemicals', '精细化工', 4),
        ('petrochemicals', '石油化工', 5),
        ('metallurgy', '冶金', 6),
        ('biomedicine', '生物医药', 7),
        ('medical_devices', '医疗器械', 8),
        ('agriculture', '现代农业', 9),
        ('food', '食品加工', 10),
        ('environment', '节能环保', 11),
        ('new_energy', '新能源与储能', 12),
        ('automotive', '汽车与新能源汽车', 13),
        ('marine', '船舶与海洋工程', 14),
        ('integrated_circuits', '集成电路', 15),
        ('information_technology', '新一代信息技术', 16),
        ('construction', '建筑与土木工程', 17),
        ('mining', '矿产资源与采矿', 18),
        ('textiles', '纺织与轻工', 19)`);
    await queryRunner.query(`INSERT INTO "taxonomy_chains" ("code", "label", "field_code", "position") VALUES
        ('cnc_machine_tools', '数控机床', 'equipment', 0),
        ('power_transmission_equipment', '输变电装备', 'equipment', 1),
        ('gas_turbines', '燃气轮机', 'equipment', 2),
        ('bearings_and_parts', '轴承及基础零部件', 'equipment', 3),
        ('industrial_robots', '工业机器人', 'robotics', 4),
        ('industrial_internet', '工业互联网', 'robotics', 5),
        ('aviation_equipment', '航空装备', 'aerospace', 6),
        ('titanium', '钛及钛合金', 'materials', 7),
        ('magnesite', '菱镁新材料', 'materials', 8),
        ('advanced_steel', '精品钢材', 'metallurgy', 9),
        ('nonferrous', '有色金属', 'metallurgy', 10),
        ('refining_chemicals', '炼化一体化', 'petrochemicals', 11),
        ('fine_chemicals_chain', '精细化工', 'fine_chemicals', 12),
        ('innovative_drugs', '创新药与生物制品', 'biomedicine', 13),
        ('medical_equipment', '高端医疗装备', 'medical_devices', 14),
        ('seed_industry', '现代种业', 'agriculture', 15),
        ('agri_processing', '农产品精深加工', 'food', 16),
        ('pollution_control', '污染防治与资源循环', 'environment', 17),
        ('wind_solar', '风电与光伏', 'new_energy', 18),
        ('hydrogen', '氢能', 'new_energy', 19),
        ('energy_storage', '储能', 'new_energy', 20),
        ('new_energy_vehicles', '新能源汽车', 'automotive', 21),
        ('shipbuilding', '船舶与海工装备', 'marine', 22),
        ('semiconductor_equipment', '集成电路装备与材料', 'integrated_circuits', 23),
        ('software_services', '软件与信息服务', 'information_technology', 24),
        ('artificial_intelligence', '人工智能', 'information_technology', 25)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "taxonomy_chains" DROP CONSTRAINT "FK_taxonomy_chains_field"`);
    await queryRunner.query(`ALTER TABLE "achievements" DROP CONSTRAINT "FK_5ec76b6935875f4c6ced106bb39"`);
    await queryRunner.query(`ALTER TABLE "tech_demands" DROP CONSTRAINT "FK_52b7a8c4bd23998883835774e31"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_catalog_imports_organization"`);
    await queryRunner.query(`DROP TABLE "catalog_imports"`);
    await queryRunner.query(`DROP TABLE "taxonomy_chains"`);
    await queryRunner.query(`DROP TABLE "taxonomy_fields"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_disclosures_organization"`);
    await queryRunner.query(`DROP TABLE "disclosures"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_achievements_external_ref"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_achievements_listing"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4df7850c223416b941d298727c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_33b4e0421cdb4eb398681bf00f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b0b156878e18d14d357f990e60"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5ec76b6935875f4c6ced106bb3"`);
    await queryRunner.query(`DROP TABLE "achievements"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_tech_demands_external_ref"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tech_demands_listing"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0eef57d1740280bca6c512416c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_475ee22a5d0badd8d1441d3c34"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5a24ce931134a4b4f73844f655"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_52b7a8c4bd23998883835774e3"`);
    await queryRunner.query(`DROP TABLE "tech_demands"`);
  }
}
