import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StuckWorkRequeues1796566674697 implements MigrationInterface {
  name = 'StuckWorkRequeues1796566674697';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "catalog_imports" ADD "requeue_rounds" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "catalog_imports" ADD "requeued_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "event_schedule_runs" ADD "requeue_rounds" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "event_schedule_runs" ADD "requeued_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_schedule_runs" DROP COLUMN "requeued_at"`);
    await queryRunner.query(`ALTER TABLE "event_schedule_runs" DROP COLUMN "requeue_rounds"`);
    await queryRunner.query(`ALTER TABLE "catalog_imports" DROP COLUMN "requeued_at"`);
    await queryRunner.query(`ALTER TABLE "catalog_imports" DROP COLUMN "requeue_rounds"`);
  }
}
