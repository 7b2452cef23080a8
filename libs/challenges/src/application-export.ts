import { type ExportFormat, writeSpreadsheet } from '@techbridge/catalog';
import { ReviewStages } from '@techbridge/domain';
import { type ApplicationRecord, statusLabelOf } from './application-records';
import { REVIEW_ORDER, scoresByStage } from './application-rules';

/** A review panel's working list, not a data dump: the latest this many. */
export const APPLICATION_EXPORT_ROWS = 5_000;

const HEADERS = [
  '申请编号', '榜单', '揭榜单位', '团队负责人', '团队成员', '申请经费(万元)', '评审阶段', '状态',
  ...REVIEW_ORDER.map((stage) => `${ReviewStages.label(stage)}均分`),
  '决定说明', '终止时间', '终止原因', '提交时间', '技术方案', '进度安排',
];

/**
 * Applications as a spreadsheet for a 评审会, shown exactly as the list shows them to the caller:
 * the mean scores only for the reviewing side (blank for the applicant), a confidential challenge
 * under the title the caller may read, a terminated project (项目终止) as 已终止 with when and why.
 */
export function applicationSheet(format: ExportFormat, records: readonly ApplicationRecord[]): Promise<Buffer> {
  const rows = records.map((record) => {
    const { application: a, applicantName, challenge, reviews, termination } = record;
    const means = new Map(scoresByStage(reviews ?? []).map((s) => [s.stage, s.mean]));
    return [
      a.id,
      challenge.title,
      applicantName,
      a.teamLead,
      a.teamMembers.join('、'),
      a.budgetWan,
      ReviewStages.label(a.stage),
      statusLabelOf(record),
      ...REVIEW_ORDER.map((stage) => means.get(stage) ?? ''),
      a.decisionNote ?? '',
      termination?.at.toISOString() ?? '',
      termination?.reason ?? '',
      a.createdAt.toISOString(),
      a.proposal,
      a.milestones.map((m) => `${m.dueOn} ${m.deliverable}`).join('；'),
    ];
  });
  return writeSpreadsheet(format, 'applications', HEADERS, rows);
}
