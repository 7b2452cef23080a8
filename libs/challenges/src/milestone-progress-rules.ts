import { isCalendarDay } from '@techbridge/catalog';
import {
  codeList,
  ConflictError,
  type DomainError,
  type Milestone,
  type MilestoneReport,
  type MilestoneReportKind,
  ValidationError,
} from '@techbridge/domain';

/** Where one milestone of an awarded project stands. */
export const MilestoneStates = codeList({
  in_progress: '进行中',
  awaiting_acceptance: '待验收',
  accepted: '已验收',
});
export type MilestoneState = (typeof MilestoneStates.codes)[number];

/** Where a whole awarded project stands, for the ledger (台账); a terminated one (项目终止) stands still. */
export const ProjectStates = codeList({
  on_track: '按计划推进',
  overdue: '逾期',
  completed: '已完成',
  terminated: '已终止',
});
export type ProjectState = (typeof ProjectStates.codes)[number];

export interface MilestoneProgress {
  no: number;
  deliverable: string;
  /** As planned in the application. */
  dueOn: string;
  /** After the delays reported, the last one counting. */
  currentDueOn: string;
  state: MilestoneState;
  /** Still in progress past its current due day (a completion waiting for acceptance is not the team's delay). */
  overdue: boolean;
  acceptedAt: Date | null;
  /** The completion report waiting for the owner's answer. */
  pendingReportId: string | null;
  reports: MilestoneReport[];
}

export interface ProjectProgress {
  state: ProjectState;
  total: number;
  accepted: number;
  awaitingAcceptance: number;
  overdue: number;
  /** The earliest current due day among milestones not yet accepted. */
  nextDueOn: string | null;
  milestones: MilestoneProgress[];
}

/**
 * Derives every milestone's state from the plan and the reports (oldest first); `today` is a China
 * day. A terminated project's milestones keep their states but fall due no more: none is overdue.
 */
export function progressOf(plan: readonly Milestone[], reports: readonly MilestoneReport[], today: string, terminated = false): ProjectProgress {
  const milestones = plan.map((m, i): MilestoneProgress => {
    const own = reports.filter((r) => r.milestoneNo === i + 1);
    const delays = own.filter((r) => r.kind === 'delay' && r.revisedDueOn);
    const currentDueOn = delays.length ? delays[delays.length - 1]!.revisedDueOn! : m.dueOn;
    const accepted = own.find((r) => r.kind === 'completion' && r.decision === 'accepted');
    const pending = own.find((r) => r.kind === 'completion' && !r.decision);
    const state: MilestoneState = accepted ? 'accepted' : pending ? 'awaiting_acceptance' : 'in_progress';
    return {
      no: i + 1,
      deliverable: m.deliverable,
      dueOn: m.dueOn,
      currentDueOn,
      state,
      overdue: !terminated && state === 'in_progress' && currentDueOn < today,
      acceptedAt: accepted?.decidedAt ?? null,
      pendingReportId: pending?.id ?? null,
      reports: own,
    };
  });
  const open = milestones.filter((m) => m.state !== 'accepted');
  const overdue = milestones.filter((m) => m.overdue).length;
  return {
    state: terminated ? 'terminated' : !open.length ? 'completed' : overdue ? 'overdue' : 'on_track',
    total: milestones.length,
    accepted: milestones.length - open.length,
    awaitingAcceptance: milestones.filter((m) => m.state === 'awaiting_acceptance').length,
    overdue,
    nextDueOn: terminated ? null : (open.map((m) => m.currentDueOn).sort()[0] ?? null),
    milestones,
  };
}

export interface ReportInput {
  milestone: number;
  kind: MilestoneReportKind;
  note: string;
  revisedDueOn?: string | null;
}

/** Why the team cannot file this report now, if it cannot. */
export function reportRefusal(progress: ProjectProgress, input: ReportInput, today: string): DomainError | undefined {
  const milestone = progress.milestones[input.milestone - 1];
  if (!milestone) return ValidationError.of('milestone', 'unknown', `milestone must be between 1 and ${progress.total}`);
  if (input.kind !== 'delay' && input.revisedDueOn) return ValidationError.of('revisedDueOn', 'onlyForDelay', 'revisedDueOn belongs to a delay report');
  if (milestone.state === 'accepted') return new ConflictError('milestone_accepted', `milestone ${milestone.no} was accepted already`);
  if (input.kind === 'completion' && milestone.state === 'awaiting_acceptance') {
    return new ConflictError('completion_pending', `milestone ${milestone.no} is waiting for the owner to accept the completion reported`);
  }
  if (input.kind === 'delay') {
    if (!input.revisedDueOn) return ValidationError.of('revisedDueOn', 'required', 'a delay names the day the milestone is now due');
    if (!isCalendarDay(input.revisedDueOn)) return ValidationError.of('revisedDueOn', 'notADay', 'revisedDueOn must be a real calendar day');
    if (input.revisedDueOn < today) return ValidationError.of('revisedDueOn', 'past', 'revisedDueOn must not be in the past');
    if (input.revisedDueOn <= milestone.currentDueOn) return ValidationError.of('revisedDueOn', 'notLater', `revisedDueOn must be after the current due day ${milestone.currentDueOn}`);
  }
  return undefined;
}
