import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requests pre-filled from a match before the fix stored a confidential item's real title when the
 * requester had it disclosed; the counterpart and the organizers read that message. Put the item's
 * neutral title in its place. Data only; there is nothing to undo (the real title must not return).
 */
export class RedactRequestMessages1795500000100 implements MigrationInterface {
  name = 'RedactRequestMessages1795500000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of [['achievements', 'achievement_id'], ['tech_demands', 'demand_id']] as const) {
      await queryRunner.query(
        `UPDATE meeting_requests r SET message = replace(r.message, '「' || i.title || '」', '「' || i.neutral_title || '」')
           FROM matches m JOIN ${table} i ON i.id = m.${column}
          WHERE r.match_id = m.id AND i.visibility = 'confidential' AND r.message IS NOT NULL AND strpos(r.message, '「' || i.title || '」') > 0`,
      );
    }
  }

  public async down(): Promise<void> {
    // Nothing to restore.
  }
}
