import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { AchievementsService, AttachmentsService, challengeDeadlinePassed, DemandsService, type ExportFormat, present, todayInChina, unknownItemAs } from '@techbridge/catalog';
import {
  assertVersion,
  type Actor,
  actsFor,
  type ApplicationStatus,
  ChallengeApplication,
  ChallengeReview,
  ConflictError,
  Disclosure,
  ForbiddenError,
  hasRole,
  InvalidStateError,
  NotFoundError,
  onBehalfOf,
  Organization,
  type ReviewStage,
  ReviewStages,
  TechDemand,
  ValidationError,
} from '@techbridge/domain';
import { notify } from '@techbridge/notifications';
import { pageOf } from '@techbridge/database';
import { DataSource, type EntityManager, In } from 'typeorm';
import { type ApplicationDecision, type ApplicationInput, assertNotArchived, cleaned, decisionOutcome, milestoneProblems } from './application-rules';
import { APPLICATION_EXPORT_ROWS, applicationSheet } from './application-export';
import { type ApplicationRecord, ApplicationRecords, assertDecides } from './application-records';
import { lockPanel, recuseApplicantAgents } from './panel-conflicts';

export interface ApplicationListQuery {
  demandId?: string;
  status?: ApplicationStatus[];
  stage?: ReviewStage[];
  page: number;
  pageSize: number;
}

/** Withdrawing is the applicant's; the other steps are the reviewing side's. */
export type ApplicationAction = ApplicationDecision | 'withdraw';

/** Organisations whose teams take up challenges (揭榜方). */
const APPLICANT_TYPES = ['enterprise', 'university', 'institute'];

/**
 * 揭榜挂帅 applications: a team applies to a published challenge before its deadline; the
 * challenge's owner (its members and brokers) and the platform's organizers score it at each
 * stage (初评 → 现场考察 → 综合论证) and pass it on, turn it down or award it (挂帅). Applicants
 * see their own applications and the decisions, never the reviewers' scores; nobody else learns
 * an application exists. Admins read everything and decide nothing.
 */
@Injectable()
export class ChallengeApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly demands: DemandsService,
    private readonly achievements: AchievementsService,
    private readonly records: ApplicationRecords,
    private readonly audit: AuditLog,
    attachments: AttachmentsService,
  ) {
    // 申报材料: read by whoever sees the application (reviewers and experts included), changed while it may be amended.
    attachments.register({
      kind: 'application',
      resource: 'challenge_application',
      assertReadable: async (actor, id) => {
        if (!actor) throw new NotFoundError('challenge_application', id);
        await this.get(actor, id);
      },
      forChange: async (manager, actor, id) => ({ organizationId: (await this.forAmendment(manager, actor, id)).applicantOrganizationId }),
    });
  }

  async apply(actor: Actor, demandId: string, input: ApplicationInput): Promise<ApplicationRecord> {
    // Organizers review every challenge and admins read every application: neither competes in one.
    if (hasRole(actor, 'organizer') || hasRole(actor, 'admin')) throw new ForbiddenError('cannot_apply', 'organizers and admins review challenges: they do not apply to them');
    const applicantId = onBehalfOf(actor);
    if (!applicantId || !actsFor(actor, applicantId)) throw new ForbiddenError('no_organization', 'apply on behalf of an organisation you belong to or serve as a broker');
    const { item: challenge, access } = await this.demands.get(actor, demandId);
    // Whether a confidential demand is a challenge is one of its details: a caller reading only its
    // neutral face gets the same answer either way.
    if (access !== 'full') throw notDisclosed();
    if (!challenge.isChallenge) throw notAChallenge();
    if (challenge.organizationId === applicantId) throw new ForbiddenError('own_challenge', 'an organisation cannot apply to its own challenge');
    // Disclosed to the organisation applying, not merely readable by the caller: a broker reads what
    // was disclosed to any organisation it serves, and may apply for another.
    if (challenge.visibility === 'confidential' && !(await this.dataSource.manager.existsBy(Disclosure, { itemKind: 'demand', itemId: demandId, organizationId: applicantId }))) throw notDisclosed();
    if (challenge.status !== 'published') {
      throw new InvalidStateError(challenge.status, 'apply', undefined, `the challenge is ${challenge.status}: applications are taken only while it is published`);
    }
    this.assertOpen(challenge);
    await this.checkInput(actor, applicantId, input);
    const saved = await this.dataSource.transaction(async (manager) => {
      await lockPanel(manager, demandId, 'exclusive');
      // Read again under a share lock: an edit taking `challenge` away checks for live applications under
      // the row's write lock (ChallengeEditGuard), so the two never cross.
      if (!(await manager.findOne(TechDemand, { where: { id: demandId }, lock: { mode: 'pessimistic_read' } }))?.isChallenge) throw notAChallenge();
      const applicant = await manager.findOneByOrFail(Organization, { id: applicantId });
      if (!APPLICANT_TYPES.includes(applicant.type)) throw new ForbiddenError('cannot_apply', 'only enterprises, universities and institutes apply to challenges');
      if (!applicant.verified) throw new ForbiddenError('organization_not_verified', 'the organisation must be verified by the platform before it can apply');
      if (await manager.existsBy(ChallengeApplication, { demandId, applicantOrganizationId: applicantId, status: In(['under_review', 'rejected', 'awarded']) })) {
        throw alreadyApplied();
      }
      const application = await manager
        .save(
          manager.create(ChallengeApplication, {
            ...cleaned(input),
            demandId,
            applicantOrganizationId: applicantId,
            submittedBy: actor.userId,
          }),
        )
        .catch((err: { code?: string }) => {
          if (err.code === '23505') throw alreadyApplied(); // a concurrent application won the race
          throw err;
        });
      await this.audit.record(manager, actor, { action: 'challenge_application.submit', resourceType: 'challenge_application', resourceId: application.id, organizationId: applicantId, details: { demandId } });
      await recuseApplicantAgents(manager, this.audit, actor, challenge, applicantId);
      await notify(manager, {
        organizationId: challenge.organizationId,
        kind: 'challenge.application',
        title: `${challenge.title}：收到揭榜申请`,
        body: `${applicant.name} 提交了揭榜申请（负责人 ${application.teamLead}，申请经费 ${application.budgetWan} 万元），待初评。`,
        subject: { demandId, applicationId: application.id },
      });
      return application;
    });
    return this.records.of(actor, saved);
  }

  async get(actor: Actor, id: string): Promise<ApplicationRecord> {
    const application = await this.dataSource.getRepository(ChallengeApplication).findOneBy({ id });
    const parties = application && (await this.records.partiesOf(this.dataSource.manager, application));
    if (!application || !parties || !this.records.sees(actor, parties)) throw new NotFoundError('challenge_application', id);
    return this.records.of(actor, application);
  }

  /** Applications the caller may see (its own, those to its challenges or it is an expert for; organizers and admins: all), latest change first. */
  async list(actor: Actor, query: ApplicationListQuery): Promise<{ records: ApplicationRecord[]; total: number }> {
    const qb = this.records.visibleTo(this.dataSource.getRepository(ChallengeApplication).createQueryBuilder('a').innerJoin('a.demand', 'd'), actor, true);
    if (query.demandId) qb.andWhere('a.demand_id = :demandId', { demandId: query.demandId });
    if (query.status?.length) qb.andWhere('a.status IN (:...statuses)', { statuses: query.status });
    if (query.stage?.length) qb.andWhere('a.stage IN (:...stages)', { stages: query.stage });
    const { items, total } = await pageOf(qb.orderBy('a.updated_at', 'DESC').addOrderBy('a.id'), query);
    return { records: await this.records.of(actor, items), total };
  }

  /** The same list as a spreadsheet (filters and order as the list, at most APPLICATION_EXPORT_ROWS). */
  async export(actor: Actor, query: Omit<ApplicationListQuery, 'page' | 'pageSize'>, format: ExportFormat): Promise<Buffer> {
    const { records } = await this.list(actor, { ...query, page: 1, pageSize: APPLICATION_EXPORT_ROWS });
    return applicationSheet(format, records);
  }

  /** The applicant revises its application while no reviewer has scored it and the challenge is still open. */
  async amend(actor: Actor, id: string, changes: Partial<ApplicationInput>, version: number): Promise<ApplicationRecord> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const application = await this.forAmendment(manager, actor, id, version);
      const input = { ...application, ...present(changes) } as ApplicationInput;
      await this.checkInput(actor, application.applicantOrganizationId, present(changes), manager);
      Object.assign(application, cleaned(input));
      const saved = await manager.save(application);
      await this.audit.record(manager, actor, { action: 'challenge_application.amend', resourceType: 'challenge_application', resourceId: id, organizationId: application.applicantOrganizationId, details: { fields: Object.keys(present(changes)) } });
      return saved;
    });
    return this.records.of(actor, saved);
  }

  /**
   * A reviewer or an expert appointed for the stage scores the application at the stage it names,
   * which must be the current one: a score meant for a stage already decided never counts for the
   * next (again: the score is revised). With `version`, only the application as the reviewer read it.
   */
  async review(actor: Actor, id: string, input: { stage: ReviewStage; score: number; comment?: string; version?: number }): Promise<ApplicationRecord> {
    const saved = await this.dataSource.transaction(async (manager) => {
      // Checked and written under the panel's lock: an application of the scorer's organisation committing meanwhile voids the score, or refuses it.
      const demandId = (await manager.findOne(ChallengeApplication, { select: { demandId: true }, where: { id } }))?.demandId;
      if (demandId) await lockPanel(manager, demandId, 'shared');
      const { application } = await this.forScorer(manager, actor, id, input.stage, input.version);
      if (application.status !== 'under_review') throw new InvalidStateError(application.status, 'review', undefined, `cannot score an application that is ${application.status}`);
      if (input.stage !== application.stage) {
        const message = `the application stands at ${ReviewStages.label(application.stage)} (${application.stage}): a score for ${ReviewStages.label(input.stage)} (${input.stage}) is no longer taken`;
        const closed = new ConflictError('stage_closed', message, [{ field: 'stage', code: 'closed', message }]);
        closed.details = { stage: application.stage };
        throw closed;
      }
      await manager.upsert(
        ChallengeReview,
        { applicationId: id, stage: application.stage, reviewerId: actor.userId, score: input.score, comment: input.comment?.trim() ?? '' },
        { conflictPaths: ['applicationId', 'stage', 'reviewerId'] },
      );
      await this.audit.record(manager, actor, { action: 'challenge_application.review', resourceType: 'challenge_application', resourceId: id, organizationId: application.applicantOrganizationId, details: { stage: application.stage, score: input.score } });
      return application;
    });
    return this.records.of(actor, saved);
  }

  async act(actor: Actor, id: string, action: ApplicationAction, input: { note?: string; version?: number }): Promise<ApplicationRecord> {
    const note = input.note?.trim() || null;
    const saved = await this.dataSource.transaction(async (manager) => {
      if (action === 'withdraw') {
        const { application } = await this.forApplicant(manager, actor, id, input.version);
        if (application.status !== 'under_review') throw new InvalidStateError(application.status, 'withdraw', 'withdrawn', `cannot withdraw an application that is ${application.status}`);
        return this.settle(manager, actor, application, { stage: application.stage, status: 'withdrawn' }, action, note);
      }
      const { application, parties } = await this.forReviewer(manager, actor, id, input.version);
      const outcome = decisionOutcome(application, action);
      if ('refused' in outcome) throw new InvalidStateError(`${application.status}/${application.stage}`, action, undefined, outcome.refused);
      if (action === 'reject' && !note) throw ValidationError.of('note', 'isNotEmpty', 'note is required to reject an application: the applicant is told why');
      if (action !== 'reject' && !(await manager.existsBy(ChallengeReview, { applicationId: id, stage: application.stage }))) {
        throw new ConflictError('not_reviewed', `no reviewer has scored this application at ${application.stage} yet: score it before deciding`);
      }
      const saved = await this.settle(manager, actor, application, outcome.to, action, note);
      await notify(manager, {
        organizationId: application.applicantOrganizationId,
        kind: `challenge.${action}`,
        title: `${parties.applicantTitle}：${DECISION_TITLES[action]}`,
        body: note ?? DECISION_TITLES[action],
        subject: { demandId: application.demandId, applicationId: id },
      });
      return saved;
    });
    return this.records.of(actor, saved);
  }

  /**
   * For a deal carrying out an awarded application (the caller acts for one side): the
   * challenge's owner buys, the applicant sells, about the challenge and the achievement it built on.
   */
  async partiesForDeal(manager: EntityManager, actor: Actor, id: string): Promise<{ buyerOrganizationId: string; sellerOrganizationId: string; demandId: string; achievementId: string | null }> {
    const application = await manager.findOneBy(ChallengeApplication, { id });
    const parties = application && (await this.records.partiesOf(manager, application));
    if (!application || !parties || !(parties.applicant(actor) || parties.owner(actor))) {
      throw ValidationError.of('challengeApplicationId', 'unknown', 'challengeApplicationId names no application of an organisation you act for');
    }
    if (application.status !== 'awarded') throw new ConflictError('not_awarded', `the application is ${application.status}: a deal carries out an awarded (挂帅) application`);
    return { buyerOrganizationId: parties.challenge.organizationId, sellerOrganizationId: application.applicantOrganizationId, demandId: application.demandId, achievementId: application.achievementId };
  }

  private async settle(manager: EntityManager, actor: Actor, application: ChallengeApplication, to: { stage: ReviewStage; status: ApplicationStatus }, action: ApplicationAction, note: string | null) {
    const from = { stage: application.stage, status: application.status };
    Object.assign(application, to, { decisionNote: note });
    if (to.status !== 'under_review') application.decidedAt = new Date();
    const saved = await manager.save(application);
    await this.audit.record(manager, actor, { action: `challenge_application.${action}`, resourceType: 'challenge_application', resourceId: application.id, organizationId: application.applicantOrganizationId, details: { from, to } });
    return saved;
  }

  private async locked(manager: EntityManager, actor: Actor, id: string, version?: number) {
    const application = await manager.findOne(ChallengeApplication, { where: { id }, lock: { mode: 'pessimistic_write' } });
    const parties = application && (await this.records.partiesOf(manager, application));
    if (!application || !parties || !this.records.sees(actor, parties)) throw new NotFoundError('challenge_application', id);
    assertVersion('application', application.version, version);
    return { application, parties };
  }

  /** The applicant's side changes its application (and its 申报材料) at 初评 until a reviewer scores it, while the challenge is published and open. */
  private async forAmendment(manager: EntityManager, actor: Actor, id: string, version?: number): Promise<ChallengeApplication> {
    const { application, parties } = await this.forApplicant(manager, actor, id, version);
    if (application.status !== 'under_review' || application.stage !== 'desk') throw new InvalidStateError(`${application.status}/${application.stage}`, 'amend');
    assertNotArchived(parties.challenge, 'changed');
    if (parties.challenge.status !== 'published') {
      throw new ConflictError('challenge_closed', `the challenge is ${parties.challenge.status}: applications are changed only while it is published`);
    }
    this.assertOpen(parties.challenge);
    if (await manager.existsBy(ChallengeReview, { applicationId: id })) {
      throw new ConflictError('review_started', 'a reviewer has already scored this application: it can no longer be changed (withdraw it and apply again)');
    }
    return application;
  }

  private async forApplicant(manager: EntityManager, actor: Actor, id: string, version?: number) {
    const found = await this.locked(manager, actor, id, version);
    if (!found.parties.applicant(actor)) throw new ForbiddenError('not_applicant', 'only the applicant (its members and brokers) changes or withdraws an application');
    return found;
  }

  /** Who decides: the challenge's owner and the organizers, while the challenge is on the platform. */
  private async forReviewer(manager: EntityManager, actor: Actor, id: string, version?: number) {
    const found = await this.locked(manager, actor, id, version);
    assertDecides(actor, found.parties);
    assertNotArchived(found.parties.challenge, 'reviewed or decided');
    return found;
  }

  /** Who scores: those who decide, and the experts appointed for the stage scored. */
  private async forScorer(manager: EntityManager, actor: Actor, id: string, stage: ReviewStage, version?: number) {
    const found = await this.locked(manager, actor, id, version);
    const stages = found.parties.reviewer(actor) ? null : found.parties.expertStages(actor);
    if (!stages) assertDecides(actor, found.parties);
    else if (!stages.includes(stage)) {
      throw new ForbiddenError('stage_not_assigned', `you were appointed to score at ${stages.map(ReviewStages.label).join('、')}, not at ${ReviewStages.label(stage)}`);
    }
    assertNotArchived(found.parties.challenge, 'reviewed or decided');
    return found;
  }

  private assertOpen(challenge: Pick<TechDemand, 'challengeDeadline'>): void {
    const deadline = challenge.challengeDeadline;
    if (deadline && challengeDeadlinePassed(deadline)) {
      const message = `applications closed with the challenge's deadline ${deadline}`;
      throw new ConflictError('deadline_passed', message, [{ field: 'deadline', code: 'passed', message }]);
    }
  }

  /** `within`: an open transaction (amend), read through rather than on a second pooled connection. */
  private async checkInput(actor: Actor, applicantId: string, input: Partial<ApplicationInput>, within?: EntityManager): Promise<void> {
    const problems = input.milestones ? milestoneProblems(input.milestones, todayInChina()) : [];
    ValidationError.throwIfAny(problems.map((p) => ({ ...p, code: 'milestones' })));
    if (!input.achievementId) return;
    const { item } = await this.achievements.get(actor, input.achievementId, within).catch(unknownItemAs('achievementId'));
    if (item.organizationId !== applicantId) throw ValidationError.of('achievementId', 'notApplicants', 'the achievement belongs to another organisation than the applicant');
  }
}

const DECISION_TITLES: Record<ApplicationDecision, string> = { advance: '揭榜申请进入下一评审阶段', reject: '揭榜申请未通过评审', award: '揭榜成功（挂帅）' };

const notAChallenge = () => new ConflictError('not_a_challenge', 'this demand is not a 揭榜挂帅 challenge: reach its owner through a match or an event');

const notDisclosed = () =>
  new ForbiddenError('details_not_disclosed', 'the owner has not disclosed the details of this confidential demand to your organisation: ask for them first (POST /api/v1/demands/{id}/disclosure-requests)');

const alreadyApplied = () => new ConflictError('already_applied', 'your organisation already applied to this challenge (withdraw that application to apply anew)');
