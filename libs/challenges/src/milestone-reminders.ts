import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addDays, todayInChina } from '@techbridge/catalog';
import { ChallengeApplication, Disclosure, MilestoneReport, TechDemand } from '@techbridge/domain';
import { type Notice, notifyOnce } from '@techbridge/notifications';
import { DataSource, In, IsNull } from 'typeorm';
import { titleToApplicant } from './application-records';
import { type MilestoneProgress, progressOf } from './milestone-progress-rules';

/** How many days ahead a team hears that a milestone falls due. */
export const DUE_SOON_DAYS = 7;

/**
 * 定期跟踪调度: once a day the worker tells each awarded team of a milestone falling due within
 * DUE_SOON_DAYS, and the team and the challenge's owner of one that has become overdue. Each
 * reminder goes once per milestone and due day (a delay to a new day may remind again), however
 * often the job runs or was missed. A terminated project is reminded of nothing.
 */
@Injectable()
export class MilestoneReminders {
  private readonly logger = new Logger('MilestoneReminders');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async remind(today = todayInChina()): Promise<{ dueSoon: number; overdue: number }> {
    return this.dataSource.transaction(async (manager) => {
      // Overlapping runs (a manual one beside the scheduled one) would remind twice.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['techbridge.milestone_reminders']);
      const applications = await manager.find(ChallengeApplication, { where: { status: 'awarded', terminatedAt: IsNull() } });
      if (!applications.length) return { dueSoon: 0, overdue: 0 };
      const ids = applications.map((a) => a.id);
      const demandIds = [...new Set(applications.map((a) => a.demandId))];
      // One after the other: a transaction's connection runs one query at a time.
      const reports = await manager.find(MilestoneReport, { where: { applicationId: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } });
      const challenges = await manager.findBy(TechDemand, { id: In(demandIds) });
      const disclosures = await manager.findBy(Disclosure, { itemKind: 'demand', itemId: In(demandIds), organizationId: In([...new Set(applications.map((a) => a.applicantOrganizationId))]) });
      const byId = new Map(challenges.map((c) => [c.id, c]));
      const counts = { dueSoon: 0, overdue: 0 };
      for (const application of applications) {
        const challenge = byId.get(application.demandId)!;
        const teamTitle = titleToApplicant(challenge, disclosures.some((d) => d.itemId === challenge.id && d.organizationId === application.applicantOrganizationId));
        const progress = progressOf(application.milestones, reports.filter((r) => r.applicationId === application.id), today);
        for (const milestone of progress.milestones.filter((m) => m.state === 'in_progress')) {
          const subject = { demandId: application.demandId, applicationId: application.id, milestone: String(milestone.no), dueOn: milestone.currentDueOn };
          if (milestone.overdue) {
            const notices = [overdueNotice(application.applicantOrganizationId, teamTitle, milestone, subject), overdueNotice(challenge.organizationId, challenge.title, milestone, subject)];
            if ((await notifyOnce(manager, notices)).length) counts.overdue++;
          } else if (milestone.currentDueOn <= addDays(today, DUE_SOON_DAYS)) {
            if ((await notifyOnce(manager, [dueSoonNotice(application.applicantOrganizationId, teamTitle, milestone, subject)])).length) counts.dueSoon++;
          }
        }
      }
      if (counts.dueSoon || counts.overdue) this.logger.log(`reminded of ${counts.dueSoon} milestones falling due and ${counts.overdue} overdue`);
      return counts;
    });
  }
}

function dueSoonNotice(organizationId: string, title: string, m: MilestoneProgress, subject: Record<string, string>): Notice {
  return { organizationId, kind: 'challenge.milestone_due', title: `${title}：里程碑 ${m.no} 将于 ${m.currentDueOn} 到期`, body: `「${m.deliverable}」将于 ${m.currentDueOn} 到期：完成后请报告完成，不能按期完成请报告延期。`, subject };
}

function overdueNotice(organizationId: string, title: string, m: MilestoneProgress, subject: Record<string, string>): Notice {
  return { organizationId, kind: 'challenge.milestone_overdue', title: `${title}：里程碑 ${m.no} 已逾期`, body: `「${m.deliverable}」应于 ${m.currentDueOn} 完成，尚未报告完成。`, subject };
}
