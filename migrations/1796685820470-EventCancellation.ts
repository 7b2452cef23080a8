import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventCancellation1796685820470 implements MigrationInterface {
  name = 'EventCancellation1796685820470';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "events" ADD "registration_opened_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "events" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "events" ADD "cancellation_reason" character varying(500)`);
    // Events that opened registration stay advertised. A closed one did only if something shows it (its
    // audit entry, a registration, a publication): one closed as a draft (which `close` allowed) stays private.
    await queryRunner.query(`
      UPDATE "events" e SET "registration_opened_at" = COALESCE(
        (SELECT min(a."at") FROM "audit_entries" a WHERE a."resource_type" = 'event' AND a."resource_id" = e."id"::text AND a."action" = 'event.open_registration'), e."created_at")
       WHERE e."status" NOT IN ('draft', 'closed')
          OR EXISTS (SELECT 1 FROM "audit_entries" a WHERE a."resource_type" = 'event' AND a."resource_id" = e."id"::text AND a."action" = 'event.open_registration')
          OR EXISTS (SELECT 1 FROM "event_participants" p WHERE p."event_id" = e."id")
          OR e."published_at" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Before cancellation existed, an event called off was closed.
    await queryRunner.query(`UPDATE "events" SET "status" = 'closed' WHERE "status" = 'cancelled'`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "cancellation_reason"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "cancelled_at"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "registration_opened_at"`);
  }
}
