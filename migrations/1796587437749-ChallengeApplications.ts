import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChallengeApplications1796587437749 implements MigrationInterface {
  name = 'ChallengeApplications1796587437749';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "challenge_applications" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "demand_id" uuid NOT NULL, "applicant_organization_id" uuid NOT NULL, "achievement_id" uuid, "team_lead" character varying(60) NOT NULL, "team_members" text array NOT NULL DEFAULT '{}', "proposal" text NOT NULL, "budget_wan" numeric(12,2) NOT NULL, "milestones" jsonb NOT NULL DEFAULT '[]', "stage" character varying(16) NOT NULL DEFAULT 'desk', "status" character varying(16) NOT NULL DEFAULT 'under_review', "decision_note" character varying(1000), "decided_at" TIMESTAMP WITH TIME ZONE, "submitted_by" uuid NOT NULL, CONSTRAINT "PK_85cd085f116c99dd935ecca6ff0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_challenge_applications_demand" ON "challenge_applications"  ("demand_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_challenge_applications_applicant" ON "challenge_applications"  ("applicant_organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_challenge_applications_status" ON "challenge_applications"  ("status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_challenge_applications_live" ON "challenge_applications"  ("demand_id", "applicant_organization_id") WHERE status <> 'withdrawn'`);
    await queryRunner.query(`CREATE TABLE "challenge_reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "stage" character varying(16) NOT NULL, "reviewer_id" uuid NOT NULL, "score" smallint NOT NULL, "comment" character varying(2000) NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_challenge_reviews_reviewer" UNIQUE ("application_id", "stage", "reviewer_id"), CONSTRAINT "CHK_challenge_reviews_score" CHECK (score BETWEEN 0 AND 100), CONSTRAINT "PK_ba449dd71e1f7585fac57e32742" PRIMARY KEY ("id"))`);
    await queryRunner.query(`ALTER TABLE "deals" ADD "challenge_application_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_deals_challenge_application" ON "deals"  ("challenge_application_id") `);
    await queryRunner.query(`ALTER TABLE "challenge_applications" ADD CONSTRAINT "FK_challenge_applications_demand" FOREIGN KEY ("demand_id") REFERENCES "tech_demands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "challenge_applications" ADD CONSTRAINT "FK_challenge_applications_applicant" FOREIGN KEY ("applicant_organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "challenge_applications" ADD CONSTRAINT "FK_challenge_applications_achievement" FOREIGN KEY ("achievement_id") REFERENCES "achievements"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "challenge_reviews" ADD CONSTRAINT "FK_challenge_reviews_application" FOREIGN KEY ("application_id") REFERENCES "challenge_applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "challenge_reviews" ADD CONSTRAINT "FK_challenge_reviews_reviewer" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "deals" ADD CONSTRAINT "FK_deals_challenge_application" FOREIGN KEY ("challenge_application_id") REFERENCES "challenge_applications"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deals" DROP CONSTRAINT "FK_deals_challenge_application"`);
    await queryRunner.query(`ALTER TABLE "challenge_reviews" DROP CONSTRAINT "FK_challenge_reviews_reviewer"`);
    await queryRunner.query(`ALTER TABLE "challenge_reviews" DROP CONSTRAINT "FK_challenge_reviews_application"`);
    await queryRunner.query(`ALTER TABLE "challenge_applications" DROP CONSTRAINT "FK_challenge_applications_achievement"`);
    await queryRunner.query(`ALTER TABLE "challenge_applications" DROP CONSTRAINT "FK_challenge_applications_applicant"`);
    await queryRunner.query(`ALTER TABLE "challenge_applications" DROP CONSTRAINT "FK_challenge_applications_demand"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deals_challenge_application"`);
    await queryRunner.query(`ALTER TABLE "deals" DROP COLUMN "challenge_application_id"`);
    await queryRunner.query(`DROP TABLE "challenge_reviews"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_challenge_applications_live"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_challenge_applications_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_challenge_applications_applicant"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_challenge_applications_demand"`);
    await queryRunner.query(`DROP TABLE "challenge_applications"`);
  }
}
