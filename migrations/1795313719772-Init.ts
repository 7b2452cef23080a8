import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795313719772 implements MigrationInterface {
  name = 'Init1795313719772';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "system_pings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" character varying(16) NOT NULL DEFAULT 'queued', "note" character varying(200), "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "processed_at" TIMESTAMP WITH TIME ZONE, "processed_by" character varying(200), CONSTRAINT "PK_acd7b134fff4451d952688e4068" PRIMARY KEY ("id"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "system_pings"`);
  }
}
