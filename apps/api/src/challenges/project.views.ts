import { ApiProperty } from '@nestjs/swagger';
import { type MilestoneProgress, MilestoneStates, type ProjectRecord, ProjectStates } from '@techbridge/challenges';
import { MilestoneDecisions, type MilestoneReport, MilestoneReportKinds } from '@techbridge/domain';

class ProjectChallengeRef {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
}

class ProjectTeamRef {
  @ApiProperty() applicationId: string;
  @ApiProperty() organizationId: string;
  @ApiProperty() organizationName: string;
  @ApiProperty() teamLead: string;
  @ApiProperty({ description: '万元' }) budgetWan: number;
  @ApiProperty({ nullable: true, type: Date }) awardedAt: Date | null;
}

class MilestoneReportView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: MilestoneReportKinds.codes }) kind: string;
  @ApiProperty() kindLabel: string;
  @ApiProperty() note: string;
  @ApiProperty({ nullable: true, type: String }) revisedDueOn: string | null;
  @ApiProperty() reportedAt: Date;
  @ApiProperty({ nullable: true, enum: MilestoneDecisions.codes, type: String }) decision: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionLabel: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionNote: string | null;
  @ApiProperty({ nullable: true, type: Date }) decidedAt: Date | null;

  static from(r: MilestoneReport): MilestoneReportView {
    return {
      id: r.id,
      kind: r.kind,
      kindLabel: MilestoneReportKinds.label(r.kind),
      note: r.note,
      revisedDueOn: r.revisedDueOn,
      reportedAt: r.createdAt,
      decision: r.decision,
      decisionLabel: r.decision && MilestoneDecisions.label(r.decision),
      decisionNote: r.decisionNote,
      decidedAt: r.decidedAt,
    };
  }
}

class MilestoneProgressView {
  @ApiProperty() no: number;
  @ApiProperty() deliverable: string;
  @ApiProperty({ description: 'as planned in the application' }) dueOn: string;
  @ApiProperty({ description: 'after the delays reported' }) currentDueOn: string;
  @ApiProperty({ enum: MilestoneStates.codes }) state: string;
  @ApiProperty() stateLabel: string;
  @ApiProperty({ description: 'still in progress past its current due day' }) overdue: boolean;
  @ApiProperty({ nullable: true, type: Date }) acceptedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'the completion report waiting for the owner’s answer' }) pendingReportId: string | null;
  @ApiProperty({ type: [MilestoneReportView], description: 'oldest first; only in a project’s own progress, not in the ledger' }) reports?: MilestoneReportView[];

  static from(m: MilestoneProgress, withReports: boolean): MilestoneProgressView {
    const { reports, ...rest } = m;
    return { ...rest, stateLabel: MilestoneStates.label(m.state), ...(withReports ? { reports: reports.map(MilestoneReportView.from) } : {}) };
  }
}

/** An awarded 揭榜挂帅 project and where its plan stands (专项工作台账). */
export class ProjectView {
  @ApiProperty({ type: ProjectChallengeRef }) challenge: ProjectChallengeRef;
  @ApiProperty({ type: ProjectTeamRef }) team: ProjectTeamRef;
  @ApiProperty({ enum: ProjectStates.codes }) state: string;
  @ApiProperty() stateLabel: string;
  @ApiProperty() milestonesTotal: number;
  @ApiProperty() milestonesAccepted: number;
  @ApiProperty() milestonesAwaitingAcceptance: number;
  @ApiProperty() milestonesOverdue: number;
  @ApiProperty({ nullable: true, type: String }) nextDueOn: string | null;
  @ApiProperty({ type: [MilestoneProgressView] }) milestones: MilestoneProgressView[];
  @ApiProperty({ nullable: true, type: Date, description: '项目终止: when the challenge’s owner terminated the project (state terminated)' }) terminatedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'why the project was terminated' }) terminationReason: string | null;

  static from({ record, progress }: ProjectRecord, withReports = true): ProjectView {
    const a = record.application;
    return {
      challenge: record.challenge,
      team: { applicationId: a.id, organizationId: a.applicantOrganizationId, organizationName: record.applicantName, teamLead: a.teamLead, budgetWan: a.budgetWan, awardedAt: a.decidedAt },
      state: progress.state,
      stateLabel: ProjectStates.label(progress.state),
      milestonesTotal: progress.total,
      milestonesAccepted: progress.accepted,
      milestonesAwaitingAcceptance: progress.awaitingAcceptance,
      milestonesOverdue: progress.overdue,
      nextDueOn: progress.nextDueOn,
      milestones: progress.milestones.map((m) => MilestoneProgressView.from(m, withReports)),
      terminatedAt: a.terminatedAt,
      terminationReason: a.terminationReason,
    };
  }
}
