import type { AuditLog } from '@techbridge/accounts';
import { type Actor, ConflictError, type TechDemand } from '@techbridge/domain';
import { notify } from '@techbridge/notifications';
import type { EntityManager } from 'typeorm';

/**
 * `user` (a users row alias) acts for `org` (an SQL expression): a member of it, or a broker serving
 * it. The SQL twin of the domain's `actsFor`, for people other than the caller.
 */
const actsForSql = (user: string, org: string): string =>
  `(${user}.organization_id = ${org} OR ('broker' = ANY(${user}.platform_roles) AND EXISTS (SELECT 1 FROM broker_assignments b WHERE b.broker_user_id = ${user}.id AND b.organization_id = ${org})))`;

/**
 * Serialises what makes a conflict of interest on one challenge's panel: an application takes it
 * exclusively (it recuses and voids), appointing and scoring share it (they check). Without it, an
 * expert appointed, or a score given, while their organisation's application commits would slip past both.
 */
export async function lockPanel(manager: EntityManager, demandId: string, mode: 'exclusive' | 'shared'): Promise<void> {
  await manager.query(`SELECT ${mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(hashtext($1))`, [`techbridge.challenge_panel:${demandId}`]);
}

/** An expert acting for an organisation with a live application to the challenge would judge its rivals: refused, naming `userId`. */
export async function assertNotCompeting(manager: EntityManager, demandId: string, userId: string): Promise<void> {
  const [row]: Array<{ competes: boolean }> = await manager.query(
    `SELECT EXISTS (SELECT 1 FROM challenge_applications a JOIN users u ON u.id = $2
                     WHERE a.demand_id = $1 AND a.status <> 'withdrawn' AND ${actsForSql('u', 'a.applicant_organization_id')}) AS competes`,
    [demandId, userId],
  );
  if (!row?.competes) return;
  const message = 'this expert belongs to (or is a broker serving) an organisation that applied to this challenge: appoint someone without a stake in the race';
  throw new ConflictError('conflict_of_interest', message, [{ field: 'userId', code: 'conflict_of_interest', message }]);
}

/**
 * 回避: once an organisation applies to a challenge, nobody acting for it judges the race. Its
 * members and brokers on the challenge's expert panel leave it, and every score they gave to the
 * challenge's applications (experts, the owner's brokers, organizers alike) is void: deleted, so it
 * counts toward no mean and lets no decision be taken, and kept in the audit trail. Decisions
 * already taken stand; the owner is told, to appoint others and have voided stages scored again.
 * Runs in the application's transaction, under `lockPanel(…, 'exclusive')`.
 */
export async function recuseApplicantAgents(manager: EntityManager, audit: AuditLog, actor: Actor, challenge: TechDemand, applicantOrganizationId: string): Promise<void> {
  // Its members, and the brokers serving it (as actsForSql, by index rather than over every user).
  const agents = `SELECT u.id FROM users u WHERE u.organization_id = $2
                  UNION SELECT b.broker_user_id FROM broker_assignments b JOIN users u ON u.id = b.broker_user_id WHERE b.organization_id = $2 AND 'broker' = ANY(u.platform_roles)`;
  const [recused]: [Array<{ user_id: string; display_name: string }>, number] = await manager.query(
    `DELETE FROM challenge_experts e USING users u WHERE e.demand_id = $1 AND u.id = e.user_id AND e.user_id IN (${agents}) RETURNING e.user_id, u.display_name`,
    [challenge.id, applicantOrganizationId],
  );
  const [voided]: [Array<{ application_id: string; applicant_organization_id: string; reviewer_id: string; stage: string; score: number }>, number] = await manager.query(
    `DELETE FROM challenge_reviews r USING challenge_applications a
      WHERE a.id = r.application_id AND a.demand_id = $1 AND r.reviewer_id IN (${agents})
      RETURNING r.application_id, a.applicant_organization_id, r.reviewer_id, r.stage, r.score`,
    [challenge.id, applicantOrganizationId],
  );
  for (const expert of recused) {
    await audit.record(manager, actor, { action: 'challenge.remove_expert', resourceType: 'demand', resourceId: challenge.id, organizationId: challenge.organizationId, details: { userId: expert.user_id, reason: 'conflict_of_interest' } });
  }
  for (const review of voided) {
    await audit.record(manager, actor, {
      action: 'challenge_application.void_review',
      resourceType: 'challenge_application',
      resourceId: review.application_id,
      organizationId: review.applicant_organization_id,
      details: { reviewerId: review.reviewer_id, stage: review.stage, score: review.score, reason: 'conflict_of_interest' },
    });
  }
  const voidedBy = (userId: string) => voided.filter((r) => r.reviewer_id === userId).length;
  const others = voided.filter((r) => !recused.some((e) => e.user_id === r.reviewer_id));
  // The applicant is not named: the owner learns of it from its own notice, and the panel's stake is no one else's business.
  await notify(manager, [
    ...recused.map((expert) => ({
      organizationId: challenge.organizationId,
      kind: 'challenge.expert_recused',
      title: `${challenge.title}：评审专家回避`,
      body: `专家 ${expert.display_name} 所在（或服务的）单位已揭榜本榜单，按回避规定退出评审专家组${voidedBy(expert.user_id) ? `，其已给出的 ${voidedBy(expert.user_id)} 项评分作废，不计入评审` : ''}。如需补足专家，请另行选聘。`,
      subject: { demandId: challenge.id, userId: expert.user_id },
    })),
    ...(others.length
      ? [{
          organizationId: challenge.organizationId,
          kind: 'challenge.reviews_voided',
          title: `${challenge.title}：评分因回避作废`,
          body: `${others.length} 项评分的评审人所在（或服务的）单位已揭榜本榜单，按回避规定作废，不计入评审；相关申请的当前阶段请重新评分。`,
          subject: { demandId: challenge.id },
        }]
      : []),
  ]);
}
