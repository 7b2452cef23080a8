import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ExpertProfiles1796619429607 implements MigrationInterface {
  name = 'ExpertProfiles1796619429607';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "expert_profiles" ("user_id" uuid NOT NULL, "professional_title" character varying(50) NOT NULL, "field_codes" text array NOT NULL, "specialties" character varying(500) NOT NULL, "approved_at" TIMESTAMP WITH TIME ZONE, "approved_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e437981050141c92a9bd753a0d3" PRIMARY KEY ("user_id"))`);
    await queryRunner.query(`ALTER TABLE "expert_profiles" ADD CONSTRAINT "FK_expert_profiles_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "expert_profiles" DROP CONSTRAINT "FK_expert_profiles_user"`);
    await queryRunner.query(`DROP TABLE "expert_profiles"`);
  }
}
