import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deals the other party disputes or an admin voids: who recorded each deal (the other party may
 * dispute it), and a 登记号 unique among registered deals only, so that a disputed or voided record
 * frees the number for the real contract. TypeORM does not compare an index's WHERE: written by hand.
 */
export class DealDisputes1796674482118 implements MigrationInterface {
  name = 'DealDisputes1796674482118';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deals" ADD "recorded_for_organization_id" uuid`);
    // The party each recording was filed under is on its audit entry, written with it.
    await queryRunner.query(
      `UPDATE "deals" d SET "recorded_for_organization_id" = a."organization_id" FROM "audit_entries" a
        WHERE a."action" = 'deal.record' AND a."resource_id" = d."id"::text AND a."organization_id" IN (d."buyer_organization_id", d."seller_organization_id")`,
    );
    await queryRunner.query(`ALTER TABLE "deals" ADD CONSTRAINT "CHK_deals_recorded_for" CHECK (recorded_for_organization_id IN (buyer_organization_id, seller_organization_id))`);
    await queryRunner.query(`DROP INDEX "public"."UQ_deals_registration_number"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_deals_registration_number" ON "deals" ("registration_number") WHERE stage = 'registered'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_deals_registration_number"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_deals_registration_number" ON "deals" ("registration_number") `);
    await queryRunner.query(`ALTER TABLE "deals" DROP CONSTRAINT "CHK_deals_recorded_for"`);
    await queryRunner.query(`ALTER TABLE "deals" DROP COLUMN "recorded_for_organization_id"`);
  }
}
