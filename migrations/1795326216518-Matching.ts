import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Matching1795326216518 implements MigrationInterface {
  name = 'Matching1795326216518';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "matches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "demand_id" uuid NOT NULL, "achievement_id" uuid NOT NULL, "demand_version" integer NOT NULL, "achievement_version" integer NOT NULL, "score" real NOT NULL, "demand_score" real, "achievement_score" real, "components" jsonb NOT NULL, "explanation" jsonb NOT NULL, "weights_version" character varying(32) NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "state" character varying(16) NOT NULL DEFAULT 'suggested', "dismiss_reason" character varying(500), "state_changed_at" TIMESTAMP WITH TIME ZONE, "state_changed_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "UQ_matches_pair" UNIQUE ("demand_id", "achievement_id"), CONSTRAINT "PK_8a22c7b2e0828988d51256117f4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_matches_achievement_list" ON "matches"  ("achievement_id", "achievement_score") `);
    await queryRunner.query(`CREATE INDEX "IDX_matches_demand_list" ON "matches"  ("demand_id", "demand_score") `);
    await queryRunner.query(`CREATE TABLE "match_feedback" ("match_id" uuid NOT NULL, "side" character varying(16) NOT NULL, "verdict" character varying(16) NOT NULL, "reason" character varying(500), "organization_id" uuid NOT NULL, "user_id" uuid NOT NULL, "broker_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_82fb9cf199ba1734c8cd0ace4be" PRIMARY KEY ("match_id", "side"))`);
    await queryRunner.query(`CREATE TABLE "outbox" ("id" BIGSERIAL NOT NULL, "job_name" character varying(64) NOT NULL, "job_id" character varying(200) NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "matching_rebuilds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" character varying(16) NOT NULL, "requested_by" uuid, "weights_version" character varying(32) NOT NULL, "total_items" integer NOT NULL, "total_chunks" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6726148beb503a030f7a6f5f87a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "matching_rebuild_chunks" ("rebuild_id" uuid NOT NULL, "chunk_no" integer NOT NULL, "kind" character varying(16) NOT NULL, "item_ids" uuid array NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_696dd566a50323e43ca5c0b0d1c" PRIMARY KEY ("rebuild_id", "chunk_no"))`);
    await queryRunner.query(`ALTER TABLE "tech_demands" ADD "matched_version" integer`);
    await queryRunner.query(`ALTER TABLE "tech_demands" ADD "matched_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "tech_demands" ADD "matched_weights" character varying(32)`);
    await queryRunner.query(`ALTER TABLE "tech_demands" ADD "change_txid" bigint`);
    await queryRunner.query(`ALTER TABLE "achievements" ADD "matched_version" integer`);
    await queryRunner.query(`ALTER TABLE "achievements" ADD "matched_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "achievements" ADD "matched_weights" character varying(32)`);
    await queryRunner.query(`ALTER TABLE "achievements" ADD "change_txid" bigint`);
    await queryRunner.query(`CREATE INDEX "IDX_bcce03cbd59ea50de074b92d25" ON "tech_demands"  ("change_txid") `);
    await queryRunner.query(`CREATE INDEX "IDX_e2f7aa82afe2444a1b0aa07f4a" ON "achievements"  ("change_txid") `);
    await queryRunner.query(`ALTER TABLE "matches" ADD CONSTRAINT "FK_605fefd98e9d90cfbd42764551a" FOREIGN KEY ("demand_id") REFERENCES "tech_demands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "matches" ADD CONSTRAINT "FK_278b66e14be480bb0dd8238b407" FOREIGN KEY ("achievement_id") REFERENCES "achievements"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "match_feedback" ADD CONSTRAINT "FK_8a90598427d959e9eb56f33ff5d" FOREIGN KEY ("match_id") REFERENCES "matches"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "matching_rebuild_chunks" ADD CONSTRAINT "FK_166660ebba41e657f95b41c481d" FOREIGN KEY ("rebuild_id") REFERENCES "matching_rebuilds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Hand-written: TypeORM does not model triggers. Every write path to the catalogue (API,
    // imports, the expiry job, anything later) goes through them, which is why they are here
    // and not in application code: a change that matters to matching stamps the item with its
    // transaction (worker indexes read "what changed since") and, in the same transaction,
    // writes the matching job to the outbox.
    await queryRunner.query(`
      CREATE FUNCTION catalog_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' OR NEW.version IS DISTINCT FROM OLD.version OR NEW.archived_at IS DISTINCT FROM OLD.archived_at THEN
          NEW.change_txid := txid_current();
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_outbox_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO outbox (job_name, job_id, payload)
        SELECT 'matching.item', 'matching.item.' || TG_ARGV[0] || '.' || n.id || '.' || n.version,
               jsonb_build_object('kind', TG_ARGV[0], 'id', n.id, 'version', n.version)
        FROM new_rows n WHERE n.status = 'published' AND n.archived_at IS NULL;
        IF FOUND THEN PERFORM pg_notify('outbox', TG_ARGV[0]); END IF;
        RETURN NULL;
      END $$`);
    // An item entering, changing inside or leaving the matchable state (published, not archived).
    await queryRunner.query(`
      CREATE FUNCTION catalog_outbox_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO outbox (job_name, job_id, payload)
        SELECT 'matching.item', 'matching.item.' || TG_ARGV[0] || '.' || n.id || '.' || n.version,
               jsonb_build_object('kind', TG_ARGV[0], 'id', n.id, 'version', n.version)
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.version IS DISTINCT FROM o.version OR n.archived_at IS DISTINCT FROM o.archived_at)
          AND ((n.status = 'published' AND n.archived_at IS NULL) OR (o.status = 'published' AND o.archived_at IS NULL));
        IF FOUND THEN PERFORM pg_notify('outbox', TG_ARGV[0]); END IF;
        RETURN NULL;
      END $$`);
    for (const [table, kind] of [['tech_demands', 'demand'], ['achievements', 'achievement']]) {
      await queryRunner.query(`CREATE TRIGGER ${table}_stamp_change BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION catalog_stamp_change()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_outbox_inserted AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_outbox_inserted('${kind}')`);
      await queryRunner.query(`CREATE TRIGGER ${table}_outbox_updated AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_outbox_updated('${kind}')`);
      // What was published before matching existed gets matched once.
      await queryRunner.query(`INSERT INTO outbox (job_name, job_id, payload)
        SELECT 'matching.item', 'matching.item.${kind}.' || id || '.' || version, jsonb_build_object('kind', '${kind}', 'id', id, 'version', version)
        FROM ${table} WHERE status = 'published' AND archived_at IS NULL`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['tech_demands', 'achievements']) {
      for (const trigger of ['stamp_change', 'outbox_inserted', 'outbox_updated']) await queryRunner.query(`DROP TRIGGER ${table}_${trigger} ON ${table}`);
    }
    for (const fn of ['catalog_stamp_change', 'catalog_outbox_inserted', 'catalog_outbox_updated']) await queryRunner.query(`DROP FUNCTION ${fn}()`);
    await queryRunner.query(`ALTER TABLE "matching_rebuild_chunks" DROP CONSTRAINT "FK_166660ebba41e657f95b41c481d"`);
    await queryRunner.query(`ALTER TABLE "match_feedback" DROP CONSTRAINT "FK_8a90598427d959e9eb56f33ff5d"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP CONSTRAINT "FK_278b66e14be480bb0dd8238b407"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP CONSTRAINT "FK_605fefd98e9d90cfbd42764551a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e2f7aa82afe2444a1b0aa07f4a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bcce03cbd59ea50de074b92d25"`);
    await queryRunner.query(`ALTER TABLE "achievements" DROP COLUMN "change_txid"`);
    await queryRunner.query(`ALTER TABLE "achievements" DROP COLUMN "matched_weights"`);
    await queryRunner.query(`ALTER TABLE "achievements" DROP COLUMN "matched_at"`);
    await queryRunner.query(`ALTER TABLE "achievements" DROP COLUMN "matched_version"`);
    await queryRunner.query(`ALTER TABLE "tech_demands" DROP COLUMN "change_txid"`);
    await queryRunner.query(`ALTER TABLE "tech_demands" DROP COLUMN "matched_weights"`);
    await queryRunner.query(`ALTER TABLE "tech_demands" DROP COLUMN "matched_at"`);
    await queryRunner.query(`ALTER TABLE "tech_demands" DROP COLUMN "matched_version"`);
    await queryRunner.query(`DROP TABLE "matching_rebuild_chunks"`);
    await queryRunner.query(`DROP TABLE "matching_rebuilds"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP TABLE "match_feedback"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_matches_demand_list"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_matches_achievement_list"`);
    await queryRunner.query(`DROP TABLE "matches"`);
  }
}
