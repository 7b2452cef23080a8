import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { type ExportFormat, todayInChina } from '@techbridge/catalog';
import {
  type Actor,
  ChallengeApplication,
  ConflictError,
  ForbiddenError,
  InvalidStateError,
  type MilestoneDecision,
  MilestoneDecisions,
  MilestoneReport,
  MilestoneReportKinds,
  NotFoundError,
  ValidationError,
} from '@techbridge/domain';
import { notify } from '@techbridge/notifications';
import { DataSource, type EntityManager, In } from 'typeorm';
import { type ApplicationRecord, ApplicationRecords, type ChallengeParties, followsProject } from './application-records';
import { projectSheet } from './project-export';
import { type ProjectProgress, type ProjectState, progressOf, type ReportInput, reportRefusal } from './milestone-progress-rules';

/** An awarded application with where its plan stands. */
export interface ProjectRecord {
  record: ApplicationRecord;
  progress: ProjectProgress;
}

export interface ProjectLedgerQuery {
  state?: ProjectState[];
  demandId?: string;
  page: number;
  pageSize: number;
}

/** The ledger reads at most this many awarded projects (a province runs a few hundred a year). */
const LEDGER_PROJECTS = 5_000;

const DECISIONS: Record<'accept' | 'return', MilestoneDecision> = { accept: 'accepted', return: 'returned' };

/**
 * After 挂帅: the awarded team reports progress on its plan's milestones (a delay with a revised
 * date, or completion), the challenge's owner accepts (验收) or returns each completion, and the
 * ledger (专项工作台账) shows organizers which projects run late (定期跟踪调度). The owner may
 * terminate a project the team cannot carry through (项目终止).
 */
@Injectable()
export class ChallengeProjectsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: ApplicationRecords,
    private readonly audit: AuditLog,
  ) {}

  async progress(actor: Actor, applicationId: string): Promise<ProjectRecord> {
    const { application } = await this.load(this.dataSource.manager, actor, applicationId, false);
    return this.projectOf(actor, application);
  }

  async report(actor: Actor, applicationId: string, input: ReportInput): Promise<ProjectRecord> {
    const note = input.note.trim();
    if (!note) throw ValidationError.of('note', 'isNotEmpty', 'note must say what progressed, why it is late or what was delivered');
    const application = await this.dataSource.transaction(async (manager) => {
      const { application, parties } = await this.load(manager, actor, applicationId, true);
      if (!parties.applicant(actor)) throw new ForbiddenError('not_applicant', 'only the awarded team’s organisation (its members and brokers) reports progress');
      assertRunning(application);
      const progress = progressOf(application.milestones, await this.reportsOf(manager, [application.id]), todayInChina());
      const refusal = reportRefusal(progress, input, todayInChina());
      if (refusal) throw refusal;
      const report = await manager.save(
        manager.create(MilestoneReport, { applicationId, milestoneNo: input.milestone, kind: input.kind, note, revisedDueOn: input.kind === 'delay' ? input.revisedDueOn! : null, reportedBy: actor.userId }),
      );
      await this.audit.record(manager, actor, {
        action: 'challenge_project.report',
        resourceType: 'challenge_application',
        resourceId: applicationId,
        organizationId: application.applicantOrganizationId,
        details: { reportId: report.id, milestone: input.milestone, kind: input.kind },
      });
      const deliverable = application.milestones[input.milestone - 1]!.deliverable;
      await notify(manager, {
        organizationId: parties.challenge.organizationId,
        kind: `challenge.milestone_${input.kind}`,
        title: `${parties.challenge.title}：揭榜项目${MilestoneReportKinds.label(input.kind)}（${deliverable}）`,
        body: input.kind === 'delay' ? `${note}（新的完成日期 ${input.revisedDueOn}）` : note,
        subject: { demandId: application.demandId, applicationId, reportId: report.id },
      });
      return application;
    });
    return this.projectOf(actor, application);
  }

  /** The owner's answer to a completion report: accepted (验收), or returned with a note saying what is missing. */
  async decide(actor: Actor, applicationId: string, reportId: string, action: 'accept' | 'return', noteInput?: string): Promise<ProjectRecord> {
    const note = noteInput?.trim() || null;
    if (action === 'return' && !note) throw ValidationError.of('note', 'isNotEmpty', 'note is required to return a completion: the team is told what is missing');
    const application = await this.dataSource.transaction(async (manager) => {
      const { application, parties } = await this.load(manager, actor, applicationId, true);
      if (!parties.owner(actor) || parties.applicant(actor)) throw new ForbiddenError('not_owner', 'only the challenge’s owner (its members and brokers) accepts the work');
      assertRunning(application);
      const report = await manager.findOne(MilestoneReport, { where: { id: reportId, applicationId }, lock: { mode: 'pessimistic_write' } });
      if (!report) throw new NotFoundError('milestone_report', reportId);
      if (report.kind !== 'completion') throw new ConflictError('not_a_completion', `a ${report.kind} report is not accepted or returned: only a completion is`);
      if (report.decision) throw new ConflictError('already_decided', `this completion was ${report.decision} already`);
      const decision = DECISIONS[action];
      await manager.update(MilestoneReport, { id: reportId }, { decision, decisionNote: note, decidedBy: actor.userId, decidedAt: new Date() });
      await this.audit.record(manager, actor, {
        action: `challenge_project.${action}`,
        resourceType: 'challenge_application',
        resourceId: applicationId,
        organizationId: application.applicantOrganizationId,
        details: { reportId, milestone: report.milestoneNo },
      });
      await notify(manager, {
        organizationId: application.applicantOrganizationId,
        kind: `challenge.milestone_${decision}`,
        title: `${parties.applicantTitle}：里程碑 ${report.milestoneNo} ${MilestoneDecisions.label(decision)}`,
        body: note ?? MilestoneDecisions.label(decision),
        subject: { demandId: application.demandId, applicationId, reportId },
      });
      return application;
    });
    return this.projectOf(actor, application);
  }

  /**
   * 项目终止 (撤榜): the challenge's owner ends an awarded project its team cannot carry through, with a
   * reason the team is told. The plan then stands still (no reports, acceptances or reminders; late no
   * more); the application stays awarded, as it was, and the ledger shows the project terminated. A
   * completion waiting for the owner's answer is answered first, so what was delivered is settled.
   */
  async terminate(actor: Actor, applicationId: string, reasonInput: string | undefined): Promise<ProjectRecord> {
    const reason = reasonInput?.trim();
    if (!reason) throw ValidationError.of('reason', 'isNotEmpty', 'reason is required to terminate a project: the team is told why');
    const application = await this.dataSource.transaction(async (manager) => {
      const { application, parties } = await this.load(manager, actor, applicationId, true);
      if (!parties.owner(actor) || parties.applicant(actor)) throw new ForbiddenError('not_owner', 'only the challenge’s owner (its members and brokers) terminates a project');
      assertRunning(application);
      const progress = progressOf(application.milestones, await this.reportsOf(manager, [application.id]), todayInChina());
      if (progress.state === 'completed') throw new ConflictError('project_completed', 'every milestone was accepted: the project is completed, not terminated');
      const pending = progress.milestones.find((m) => m.pendingReportId);
      if (pending) throw new ConflictError('completion_pending', `milestone ${pending.no} waits for your answer to its completion: accept or return it before terminating the project`);
      Object.assign(application, { terminatedAt: new Date(), terminationReason: reason });
      await manager.save(application);
      await this.audit.record(manager, actor, {
        action: 'challenge_project.terminate',
        resourceType: 'challenge_application',
        resourceId: applicationId,
        organizationId: application.applicantOrganizationId,
        details: { reason, milestonesAccepted: progress.accepted, milestonesTotal: progress.total },
      });
      await notify(manager, {
        organizationId: application.applicantOrganizationId,
        kind: 'challenge.project_terminated',
        title: `${parties.applicantTitle}：揭榜项目已终止`,
        body: reason,
        subject: { demandId: application.demandId, applicationId },
      });
      return application;
    });
    return this.projectOf(actor, application);
  }

  /** 专项工作台账: the awarded projects the caller sees, latest award first, filtered by where they stand. */
  async ledger(actor: Actor, query: ProjectLedgerQuery): Promise<{ projects: ProjectRecord[]; total: number }> {
    const qb = this.records.visibleTo(this.dataSource.getRepository(ChallengeApplication).createQueryBuilder('a').innerJoin('a.demand', 'd'), actor, false);
    qb.andWhere(`a.status = 'awarded'`);
    if (query.demandId) qb.andWhere('a.demand_id = :demandId', { demandId: query.demandId });
    const applications = await qb.orderBy('a.decided_at', 'DESC').addOrderBy('a.id').take(LEDGER_PROJECTS).getMany();
    const reports = await this.reportsOf(this.dataSource.manager, applications.map((a) => a.id));
    const today = todayInChina();
    const all = applications
      .map((application) => ({ application, progress: projectProgress(application, reports.filter((r) => r.applicationId === application.id), today) }))
      .filter((p) => !query.state?.length || query.state.includes(p.progress.state));
    const page = all.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
    const records = await this.records.of(actor, page.map((p) => p.application));
    return { projects: page.map((p, i) => ({ record: records[i]!, progress: p.progress })), total: all.length };
  }

  /** The ledger as a spreadsheet (same filters and order, every project the ledger reads). */
  async export(actor: Actor, query: Omit<ProjectLedgerQuery, 'page' | 'pageSize'>, format: ExportFormat): Promise<Buffer> {
    const { projects } = await this.ledger(actor, { ...query, page: 1, pageSize: LEDGER_PROJECTS });
    return projectSheet(format, projects);
  }

  /** An awarded application the caller may follow: its team, the challenge's owner, organizers and admins (not experts). */
  private async load(manager: EntityManager, actor: Actor, id: string, lock: boolean): Promise<{ application: ChallengeApplication; parties: ChallengeParties }> {
    const application = await manager.findOne(ChallengeApplication, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    const parties = application && (await this.records.partiesOf(manager, application));
    // A competitor in the race (ChallengeParties.competitor) follows its own project only.
    if (!application || !parties || !followsProject(actor, parties)) throw new NotFoundError('challenge_application', id);
    if (application.status !== 'awarded') {
      throw new InvalidStateError(application.status, 'follow', undefined, `the application is ${application.status}: only an awarded (挂帅) project has a plan to follow`);
    }
    return { application, parties };
  }

  private reportsOf(manager: EntityManager, applicationIds: string[]): Promise<MilestoneReport[]> {
    return applicationIds.length ? manager.find(MilestoneReport, { where: { applicationId: In(applicationIds) }, order: { createdAt: 'ASC', id: 'ASC' } }) : Promise.resolve([]);
  }

  private async projectOf(actor: Actor, application: ChallengeApplication): Promise<ProjectRecord> {
    const reports = await this.reportsOf(this.dataSource.manager, [application.id]);
    return { record: await this.records.of(actor, application), progress: projectProgress(application, reports, todayInChina()) };
  }
}

const projectProgress = (application: ChallengeApplication, reports: readonly MilestoneReport[], today: string): ProjectProgress =>
  progressOf(application.milestones, reports, today, !!application.terminatedAt);

/** A terminated project takes no more reports or answers. */
function assertRunning(application: ChallengeApplication): void {
  if (application.terminatedAt) throw new ConflictError('project_terminated', `the project was terminated: ${application.terminationReason ?? ''}`.trim());
}
