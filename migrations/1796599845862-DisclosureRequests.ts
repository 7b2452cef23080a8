import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DisclosureRequests1796599845862 implements MigrationInterface {
  name = 'DisclosureRequests1796599845862';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "disclosure_requests" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_kind" character varying(16) NOT NULL, "item_id" uuid NOT NULL, "owner_organization_id" uuid NOT NULL, "requester_organization_id" uuid NOT NULL, "requested_by" uuid NOT NULL, "message" character varying(1000) NOT NULL DEFAULT '', "status" character varying(16) NOT NULL DEFAULT 'pending', "decision_note" character varying(500), "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a8412bf6660e929a561320b2c25" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_disclosure_requests_requester" ON "disclosure_requests"  ("requester_organization_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_disclosure_requests_owner" ON "disclosure_requests"  ("owner_organization_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_disclosure_requests_pending" ON "disclosure_requests"  ("item_kind", "item_id", "requester_organization_id") WHERE status = 'pending'`);
    await queryRunner.query(`ALTER TABLE "disclosure_requests" ADD CONSTRAINT "FK_disclosure_requests_requester" FOREIGN KEY ("requester_organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "disclosure_requests" DROP CONSTRAINT "FK_disclosure_requests_requester"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_disclosure_requests_pending"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_disclosure_requests_owner"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_disclosure_requests_requester"`);
    await queryRunner.query(`DROP TABLE "disclosure_requests"`);
  }
}
