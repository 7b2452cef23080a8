import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MilestoneReports1796610268762 implements MigrationInterface {
  name = 'MilestoneReports1796610268762';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "milestone_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "milestone_no" smallint NOT NULL, "kind" character varying(16) NOT NULL, "note" character varying(2000) NOT NULL, "revised_due_on" date, "reported_by" uuid NOT NULL, "decision" character varying(16), "decision_note" character varying(1000), "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8fec3365d730e8482a292c6bb3c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_milestone_reports_application" ON "milestone_reports"  ("application_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "milestone_reports" ADD CONSTRAINT "FK_milestone_reports_application" FOREIGN KEY ("application_id") REFERENCES "challenge_applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "milestone_reports" ADD CONSTRAINT "FK_milestone_reports_reporter" FOREIGN KEY ("reported_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "milestone_reports" DROP CONSTRAINT "FK_milestone_reports_reporter"`);
    await queryRunner.query(`ALTER TABLE "milestone_reports" DROP CONSTRAINT "FK_milestone_reports_application"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_milestone_reports_application"`);
    await queryRunner.query(`DROP TABLE "milestone_reports"`);
  }
}
