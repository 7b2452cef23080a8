import { type ExportFormat, writeSpreadsheet } from '@techbridge/catalog';
import { MilestoneStates, ProjectStates } from './milestone-progress-rules';
import type { ProjectRecord } from './challenge-projects.service';

const HEADERS = [
  '申请编号', '榜单', '揭榜单位', '团队负责人', '经费(万元)', '挂帅时间', '项目状态',
  '里程碑数', '已验收', '待验收', '逾期', '下一到期日', '里程碑进度', '终止时间', '终止原因',
];

/** The ledger (专项工作台账) as a spreadsheet for a 调度会: one row per project, its milestones in one cell. */
export function projectSheet(format: ExportFormat, projects: readonly ProjectRecord[]): Promise<Buffer> {
  const rows = projects.map(({ record, progress: p }) => [
    record.application.id,
    record.challenge.title,
    record.applicantName,
    record.application.teamLead,
    record.application.budgetWan,
    record.application.decidedAt?.toISOString() ?? '',
    ProjectStates.label(p.state),
    p.total,
    p.accepted,
    p.awaitingAcceptance,
    p.overdue,
    p.nextDueOn ?? '',
    p.milestones
      .map((m) => `${m.no}. ${m.deliverable}（${m.currentDueOn}${m.currentDueOn !== m.dueOn ? `，原定 ${m.dueOn}` : ''}，${MilestoneStates.label(m.state)}${m.overdue ? '，逾期' : ''}）`)
      .join('；'),
    record.application.terminatedAt?.toISOString() ?? '',
    record.application.terminationReason ?? '',
  ]);
  return writeSpreadsheet(format, 'projects', HEADERS, rows);
}
