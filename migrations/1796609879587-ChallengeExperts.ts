import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChallengeExperts1796609879587 implements MigrationInterface {
  name = 'ChallengeExperts1796609879587';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "challenge_experts" ("demand_id" uuid NOT NULL, "user_id" uuid NOT NULL, "stages" text array NOT NULL, "appointed_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1a3b295ee6d1b75de5013db88c1" PRIMARY KEY ("demand_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_challenge_experts_user" ON "challenge_experts"  ("user_id") `);
    await queryRunner.query(`ALTER TABLE "challenge_experts" ADD CONSTRAINT "FK_challenge_experts_demand" FOREIGN KEY ("demand_id") REFERENCES "tech_demands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "challenge_experts" ADD CONSTRAINT "FK_challenge_experts_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "challenge_experts" DROP CONSTRAINT "FK_challenge_experts_user"`);
    await queryRunner.query(`ALTER TABLE "challenge_experts" DROP CONSTRAINT "FK_challenge_experts_demand"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_challenge_experts_user"`);
    await queryRunner.query(`DROP TABLE "challenge_experts"`);
  }
}
