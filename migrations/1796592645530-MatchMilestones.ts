import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MatchMilestones1796592645530 implements MigrationInterface {
  name = 'MatchMilestones1796592645530';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "matches" ADD "contacted_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "matches" ADD "met_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "matches" ADD "negotiated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "matches" ADD "dealt_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "IDX_matches_contacted_at" ON "matches" ("contacted_at") WHERE "contacted_at" IS NOT NULL`);
    // Pairs people acted on before these columns existed: the first audited move to each step or
    // beyond, else (rows older than their audit trail) the last state change for the step the
    // pair is at, or was at when dismissed; then its 对接会 requests and meetings.
    await queryRunner.query(`
      WITH moves AS (
        SELECT resource_id, at,
               CASE details->>'to' WHEN 'contacted' THEN 1 WHEN 'meeting' THEN 2 WHEN 'negotiating' THEN 3 WHEN 'deal' THEN 4 END AS step
          FROM audit_entries WHERE resource_type = 'match' AND action LIKE 'match.%'
      ), firsts AS (
        SELECT resource_id,
               min(at) FILTER (WHERE step >= 1) AS contacted, min(at) FILTER (WHERE step >= 2) AS met,
               min(at) FILTER (WHERE step >= 3) AS negotiated, min(at) FILTER (WHERE step >= 4) AS dealt
          FROM moves WHERE step IS NOT NULL GROUP BY resource_id
      )
      UPDATE matches m SET contacted_at = f.contacted, met_at = f.met, negotiated_at = f.negotiated, dealt_at = f.dealt
        FROM firsts f WHERE m.id::text = f.resource_id`);
    await queryRunner.query(`
      WITH at_step AS (
        SELECT id, coalesce(state_changed_at, updated_at) AS at,
               CASE CASE WHEN state = 'dismissed' THEN dismissed_from ELSE state END
                 WHEN 'contacted' THEN 1 WHEN 'meeting' THEN 2 WHEN 'negotiating' THEN 3 WHEN 'deal' THEN 4 ELSE 0 END AS step
          FROM matches WHERE state <> 'suggested'
      )
      UPDATE matches m SET
        contacted_at = coalesce(m.contacted_at, CASE WHEN s.step >= 1 THEN s.at END),
        met_at = coalesce(m.met_at, CASE WHEN s.step >= 2 THEN s.at END),
        negotiated_at = coalesce(m.negotiated_at, CASE WHEN s.step >= 3 THEN s.at END),
        dealt_at = coalesce(m.dealt_at, CASE WHEN s.step >= 4 THEN s.at END)
        FROM at_step s WHERE m.id = s.id AND s.step > 0`);
    // Asking to meet over a match at a 对接会 followed it up; a held meeting met.
    await queryRunner.query(`
      WITH asked AS (
        SELECT q.match_id, min(q.created_at) AS asked, min(coalesce(mt.status_changed_at, mt.updated_at)) FILTER (WHERE mt.status = 'held') AS held
          FROM meeting_requests q LEFT JOIN meetings mt ON mt.request_id = q.id
         WHERE q.match_id IS NOT NULL GROUP BY q.match_id
      )
      UPDATE matches m SET contacted_at = least(m.contacted_at, a.asked, a.held), met_at = least(m.met_at, a.held)
        FROM asked a WHERE m.id = a.match_id`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_matches_contacted_at"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "dealt_at"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "negotiated_at"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "met_at"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "contacted_at"`);
  }
}
