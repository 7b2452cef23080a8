import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChallengeProjectTerminations1796684680209 implements MigrationInterface {
  name = 'ChallengeProjectTerminations1796684680209';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "challenge_applications" ADD "terminated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "challenge_applications" ADD "termination_reason" character varying(1000)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "challenge_applications" DROP COLUMN "termination_reason"`);
    await queryRunner.query(`ALTER TABLE "challenge_applications" DROP COLUMN "terminated_at"`);
  }
}
