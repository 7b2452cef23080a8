import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An empty externalRef was stored as given, and then held as the organisation's unique key (a
 * second blank one was a 409). A blank reference means none. Data only; there is nothing to undo.
 */
export class BlankExternalRefs1796667700001 implements MigrationInterface {
  name = 'BlankExternalRefs1796667700001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['tech_demands', 'achievements']) {
      await queryRunner.query(`UPDATE ${table} SET external_ref = NULL WHERE btrim(external_ref) = ''`);
    }
  }

  public async down(): Promise<void> {
    // Nothing to restore.
  }
}
