import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DealBrokers1796619088292 implements MigrationInterface {
  name = 'DealBrokers1796619088292';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deals" ADD "broker_user_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_deals_broker" ON "deals"  ("broker_user_id") `);
    await queryRunner.query(`ALTER TABLE "deals" ADD CONSTRAINT "FK_deals_broker" FOREIGN KEY ("broker_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    // Deals a broker recorded for a party it served credit that broker, as new ones do.
    await queryRunner.query(`UPDATE deals d SET broker_user_id = u.id FROM users u
      WHERE u.id = d.recorded_by AND 'broker' = ANY(u.platform_roles)
        AND u.organization_id IS DISTINCT FROM d.buyer_organization_id AND u.organization_id IS DISTINCT FROM d.seller_organization_id
        AND EXISTS (SELECT 1 FROM broker_assignments a WHERE a.broker_user_id = u.id AND a.organization_id IN (d.buyer_organization_id, d.seller_organization_id))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deals" DROP CONSTRAINT "FK_deals_broker"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deals_broker"`);
    await queryRunner.query(`ALTER TABLE "deals" DROP COLUMN "broker_user_id"`);
  }
}
