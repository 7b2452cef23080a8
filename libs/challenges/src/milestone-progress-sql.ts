/**
 * Every milestone of every awarded application, as rows for aggregate queries (the workbench, the
 * statistics): whether it was accepted, and whether it is overdue on `today` (a SQL expression,
 * e.g. a parameter `$2::date`). It says in SQL what `progressOf` says in TypeScript: the latest
 * delay sets the day; a completion not returned stops the clock; a terminated project is late no
 * more (its milestones still count, as planned or accepted). Tests compare the two.
 */
export const awardedMilestonesSql = (today: string): string => `
  SELECT a.id AS application_id, a.demand_id, a.applicant_organization_id, m.no,
         EXISTS (SELECT 1 FROM milestone_reports r
                  WHERE r.application_id = a.id AND r.milestone_no = m.no AND r.kind = 'completion' AND r.decision = 'accepted') AS accepted,
         a.terminated_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM milestone_reports r
                            WHERE r.application_id = a.id AND r.milestone_no = m.no AND r.kind = 'completion' AND r.decision IS DISTINCT FROM 'returned')
           AND COALESCE(
                 (SELECT r.revised_due_on FROM milestone_reports r
                   WHERE r.application_id = a.id AND r.milestone_no = m.no AND r.kind = 'delay' ORDER BY r.created_at DESC, r.id DESC LIMIT 1),
                 (m.item->>'dueOn')::date) < ${today} AS overdue
    FROM challenge_applications a, jsonb_array_elements(a.milestones) WITH ORDINALITY m(item, no)
   WHERE a.status = 'awarded'`;
