import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { DemandsService } from '@techbridge/catalog';
import {
  type Actor,
  actsFor,
  ChallengeApplication,
  ChallengeExpert,
  ConflictError,
  ExpertProfile,
  ForbiddenError,
  hasRole,
  NotFoundError,
  Organization,
  outsiderTitle,
  ownOrganizations,
  type ReviewStage,
  ReviewStages,
  type TechDemand,
  User,
  ValidationError,
  type Visibility,
} from '@techbridge/domain';
import { expertAppointmentMail, Mailer } from '@techbridge/mail';
import { DataSource, type EntityManager, In, IsNull, Not } from 'typeorm';
import { assertNotArchived, REVIEW_ORDER } from './application-rules';
import { assertNotCompeting, lockPanel } from './panel-conflicts';

/** An appointed expert as the appointing side reads it: as the pool lists them, never with their e-mail. */
export interface ExpertRecord {
  expert: ChallengeExpert;
  user: Pick<User, 'id' | 'displayName'>;
  organizationName: string | null;
}

/** A challenge the caller was appointed to, and how many of its applications wait for the caller's score. */
export interface ReviewAssignment {
  challenge: { id: string; title: string };
  stages: ReviewStage[];
  appointedAt: Date;
  awaitingScore: number;
}

/** The stages in review order, each once; at least one. */
function stagesOf(stages: readonly ReviewStage[] | undefined): ReviewStage[] {
  if (stages && !stages.length) throw ValidationError.of('stages', 'arrayMinSize', 'stages must name at least one stage');
  return REVIEW_ORDER.filter((s) => !stages || stages.includes(s));
}

/**
 * 专家评审: the challenge's owner (its members and brokers) or an organizer appoints experts from
 * the expert pool (专家库, vetted by organizers) to score its applications at some stages. Only from
 * the pool: an appointment by e-mail would tell the appointing side who is behind any address.
 * Experts read the applications of that challenge and their own scores, never the other
 * reviewers'; they decide nothing, and neither score nor read the applications of a race an
 * organisation they act for runs in, but their own organisation's, as its applicant: they are not
 * appointed to it, and leave the panel when that organisation applies (see panel-conflicts).
 */
@Injectable()
export class ChallengeExpertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly demands: DemandsService,
    private readonly audit: AuditLog,
    private readonly mailer: Mailer,
  ) {}

  async list(actor: Actor, demandId: string): Promise<ExpertRecord[]> {
    await this.challenge(actor, demandId, 'read');
    const experts = await this.dataSource.getRepository(ChallengeExpert).find({ where: { demandId }, order: { createdAt: 'ASC' } });
    return this.records(this.dataSource.manager, experts);
  }

  /** The expert is named by user id, as the expert pool (GET /api/v1/experts) lists them. */
  async appoint(actor: Actor, demandId: string, userId: string, stages?: readonly ReviewStage[]): Promise<ExpertRecord> {
    const challenge = await this.challenge(actor, demandId, 'appoint');
    const ordered = stagesOf(stages);
    assertNotArchived(challenge, 'reviewed, nor experts appointed to it');
    return this.dataSource.transaction(async (manager) => {
      await lockPanel(manager, demandId, 'shared');
      const user = await manager.findOneBy(User, { id: userId });
      // Only someone the pool lists (approved, active): an id is no way to reach any account, or to learn who has it.
      const pooled = !!user?.active && (await manager.exists(ExpertProfile, { where: { userId, approvedAt: Not(IsNull()) } }));
      if (!user || !pooled) throw ValidationError.of('userId', 'unknown', 'no expert in the pool has this id');
      if (user.organizationId === challenge.organizationId || user.platformRoles.includes('organizer')) {
        throw new ConflictError('already_reviewer', 'the challenge’s owner and the organizers review it already: appoint someone from outside');
      }
      await assertNotCompeting(manager, demandId, userId);
      await manager.insert(ChallengeExpert, { demandId, userId, stages: ordered, appointedBy: actor.userId }).catch((err: { code?: string }) => {
        // The key (challenge, expert) is taken: appointed before, or by a concurrent request.
        if (err.code === '23505') throw new ConflictError('already_appointed', 'this expert is appointed already: change the stages instead');
        throw err;
      });
      await this.record(manager, actor, 'challenge.appoint_expert', challenge, { userId, stages: ordered });
      const mail = expertAppointmentMail({ publicUrl: this.mailer.publicUrl, displayName: user.displayName, challengeTitle: outsiderTitle(challenge), stageLabels: ordered.map(ReviewStages.label) });
      await this.mailer.queue(manager, { ...mail, kind: 'challenge.expert_appointed', to: user.email, userId });
      return (await this.records(manager, [await manager.findOneByOrFail(ChallengeExpert, { demandId, userId })]))[0]!;
    });
  }

  async restage(actor: Actor, demandId: string, userId: string, stages: readonly ReviewStage[]): Promise<ExpertRecord> {
    const challenge = await this.challenge(actor, demandId, 'appoint');
    const ordered = stagesOf(stages);
    assertNotArchived(challenge, 'reviewed, nor experts appointed to it');
    return this.dataSource.transaction(async (manager) => {
      const expert = await manager.findOne(ChallengeExpert, { where: { demandId, userId }, lock: { mode: 'pessimistic_write' } });
      if (!expert) throw new NotFoundError('expert', userId);
      expert.stages = ordered;
      await manager.save(expert);
      await this.record(manager, actor, 'challenge.restage_expert', challenge, { userId, stages: ordered });
      return (await this.records(manager, [expert]))[0]!;
    });
  }

  /** The expert's scores stay: they were given while appointed. */
  async remove(actor: Actor, demandId: string, userId: string): Promise<void> {
    const challenge = await this.challenge(actor, demandId, 'appoint');
    await this.dataSource.transaction(async (manager) => {
      const removed = await manager.delete(ChallengeExpert, { demandId, userId });
      if (!removed.affected) throw new NotFoundError('expert', userId);
      await this.record(manager, actor, 'challenge.remove_expert', challenge, { userId });
    });
  }

  /**
   * The caller's appointments to challenges on the platform, latest first, with the applications
   * waiting for its score at an appointed stage: none of a race an organisation the caller acts for
   * runs in (conflict of interest).
   */
  async assignments(actor: Actor): Promise<ReviewAssignment[]> {
    const orgs = ownOrganizations(actor);
    const rows: Array<{ demand_id: string; title: string; neutral_title: string; visibility: Visibility; stages: ReviewStage[]; created_at: Date; awaiting: number }> =
      await this.dataSource.query(
        `SELECT e.demand_id, d.title, d.neutral_title, d.visibility, e.stages, e.created_at,
                (SELECT count(*)::int FROM challenge_applications a
                  WHERE a.demand_id = e.demand_id AND a.status = 'under_review' AND a.stage = ANY(e.stages)
                    AND NOT EXISTS (SELECT 1 FROM challenge_reviews r WHERE r.application_id = a.id AND r.stage = a.stage AND r.reviewer_id = e.user_id)
                    -- Not its own organisation's or a served one's, nor any while one of those competes (conflict of interest).
                    AND NOT (a.applicant_organization_id = ANY($2::uuid[]))
                    AND NOT EXISTS (SELECT 1 FROM challenge_applications rival WHERE rival.demand_id = a.demand_id AND rival.status <> 'withdrawn' AND rival.applicant_organization_id = ANY($2::uuid[]))) AS awaiting
           FROM challenge_experts e JOIN tech_demands d ON d.id = e.demand_id
          -- An archived or taken-down challenge takes no scores: nothing to do there (it is back once restored).
          WHERE e.user_id = $1 AND d.archived_at IS NULL
          ORDER BY e.created_at DESC`,
        [actor.userId, orgs],
      );
    return rows.map((r) => ({
      // An expert is not a party to the challenge: a confidential one shows its neutral title, as to organizers.
      challenge: { id: r.demand_id, title: outsiderTitle({ title: r.title, neutralTitle: r.neutral_title, visibility: r.visibility }) },
      stages: r.stages,
      appointedAt: r.created_at,
      awaitingScore: r.awaiting,
    }));
  }

  /** The challenge, if the caller may read (admins too) or change (owner's side, organizers) its experts. */
  private async challenge(actor: Actor, demandId: string, need: 'read' | 'appoint'): Promise<TechDemand> {
    const { item } = await this.demands.get(actor, demandId);
    // The reviewing side first: whether a confidential demand is a challenge is one of its details,
    // so anyone else is refused alike, challenge or not (organizers review every challenge).
    const appoints = actsFor(actor, item.organizationId) || hasRole(actor, 'organizer');
    if (!appoints && !(need === 'read' && hasRole(actor, 'admin'))) {
      throw new ForbiddenError('not_a_reviewer', 'only the challenge’s owner and the platform’s organizers appoint experts');
    }
    if (!item.isChallenge) throw new ConflictError('not_a_challenge', 'this demand is not a 揭榜挂帅 challenge');
    // Whoever acts for an organisation in the race (a broker also serving the owner, an organizer of an applying institute) neither shapes nor reads its panel.
    const own = ownOrganizations(actor);
    if (own.length && (await this.dataSource.manager.existsBy(ChallengeApplication, { demandId, applicantOrganizationId: In(own), status: Not('withdrawn') }))) {
      throw new ForbiddenError('conflict_of_interest', 'you act for an organisation that applied to this challenge: its panel is for others to appoint and read');
    }
    return item;
  }

  private async record(manager: EntityManager, actor: Actor, action: string, challenge: TechDemand, details: Record<string, unknown>): Promise<void> {
    await this.audit.record(manager, actor, { action, resourceType: 'demand', resourceId: challenge.id, organizationId: challenge.organizationId, details });
  }

  private async records(manager: EntityManager, experts: ChallengeExpert[]): Promise<ExpertRecord[]> {
    const users = experts.length ? await manager.findBy(User, { id: In(experts.map((e) => e.userId)) }) : [];
    const orgIds = users.map((u) => u.organizationId).filter((o): o is string => !!o);
    const orgs = orgIds.length ? await manager.findBy(Organization, { id: In(orgIds) }) : [];
    const names = new Map(orgs.map((o) => [o.id, o.name]));
    return experts.map((expert) => {
      const user = users.find((u) => u.id === expert.userId)!;
      return { expert, user: { id: user.id, displayName: user.displayName }, organizationName: user.organizationId ? (names.get(user.organizationId) ?? null) : null };
    });
  }
}
