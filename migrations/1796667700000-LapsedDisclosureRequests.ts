import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requests pending when their item left the catalogue (archived by its owner, taken down by the
 * platform) were recorded as declined, as if the owner had said no: after a takedown was lifted,
 * their requesters were refused for 30 days (recently_declined). They lapsed; nobody decided on
 * them. Known by the note those paths wrote. Data only; there is nothing to undo.
 */
export class LapsedDisclosureRequests1796667700000 implements MigrationInterface {
  name = 'LapsedDisclosureRequests1796667700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE disclosure_requests SET status = 'lapsed', version = version + 1, updated_at = now()
        WHERE status = 'declined' AND decision_note = ANY($1::text[])`,
      [['平台已下架该需求。', '平台已下架该成果。', '发布方已下架该需求。', '发布方已下架该成果。']],
    );
  }

  public async down(): Promise<void> {
    // Nothing to restore: they were never the owner's answer.
  }
}
