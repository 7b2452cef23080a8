import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What a platform operator checks each morning: who waits on them, and what went wrong lately. */
export interface AdminOverview {
  organizations: {
    total: number;
    verified: number;
    /** Waiting for verification, and of them those that uploaded their 认证材料. */
    awaitingVerification: number;
    awaitingWithDocuments: number;
  };
  users: { active: number; signedInLast30Days: number };
  catalogue: { publishedDemands: number; publishedAchievements: number };
  /** 专家库 entries waiting for an organizer's approval. */
  expertsAwaitingApproval: number;
  mail: { queued: number; failedLast7Days: number; resendable: number };
  /** Background work: failures of the last 7 days, and what waits in the outbox for the queue. */
  work: { importsFailedLast7Days: number; scheduleRunsFailedLast7Days: number; outboxBacklog: number };
  /** The same figures' moment. */
  at: Date;
}

// One statement, one snapshot.
const SQL = `
  SELECT
    (SELECT count(*) FROM organizations)::int AS organizations,
    (SELECT count(*) FROM organizations WHERE verified)::int AS verified,
    (SELECT count(*) FROM organizations WHERE NOT verified)::int AS awaiting,
    (SELECT count(*) FROM organizations o WHERE NOT o.verified AND EXISTS (SELECT 1 FROM attachments a WHERE a.item_kind = 'organization' AND a.item_id = o.id))::int AS awaiting_with_documents,
    (SELECT count(*) FROM users WHERE active)::int AS active_users,
    (SELECT count(*) FROM users WHERE active AND last_login_at > now() - interval '30 days')::int AS recent_users,
    (SELECT count(*) FROM tech_demands WHERE status = 'published' AND archived_at IS NULL)::int AS demands,
    (SELECT count(*) FROM achievements WHERE status = 'published' AND archived_at IS NULL)::int AS achievements,
    (SELECT count(*) FROM expert_profiles WHERE approved_at IS NULL)::int AS experts_waiting,
    (SELECT count(*) FROM mail_messages WHERE status = 'queued')::int AS mail_queued,
    (SELECT count(*) FROM mail_messages WHERE status = 'failed' AND coalesce(finished_at, created_at) > now() - interval '7 days')::int AS mail_failed,
    (SELECT count(*) FROM mail_messages WHERE status = 'failed' AND body IS NOT NULL)::int AS mail_resendable,
    (SELECT count(*) FROM catalog_imports WHERE status = 'failed' AND created_at > now() - interval '7 days')::int AS imports_failed,
    (SELECT count(*) FROM event_schedule_runs WHERE status = 'failed' AND created_at > now() - interval '7 days')::int AS runs_failed,
    (SELECT count(*) FROM outbox)::int AS outbox`;

/** 运营概览 for platform admins: counts only, nothing of any one organisation or person. */
@Injectable()
export class AdminOverviews {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async now(): Promise<AdminOverview> {
    const [r] = await this.dataSource.query<Array<Record<string, number>>>(SQL);
    return {
      organizations: { total: r!.organizations!, verified: r!.verified!, awaitingVerification: r!.awaiting!, awaitingWithDocuments: r!.awaiting_with_documents! },
      users: { active: r!.active_users!, signedInLast30Days: r!.recent_users! },
      catalogue: { publishedDemands: r!.demands!, publishedAchievements: r!.achievements! },
      expertsAwaitingApproval: r!.experts_waiting!,
      mail: { queued: r!.mail_queued!, failedLast7Days: r!.mail_failed!, resendable: r!.mail_resendable! },
      work: { importsFailedLast7Days: r!.imports_failed!, scheduleRunsFailedLast7Days: r!.runs_failed!, outboxBacklog: r!.outbox! },
      at: new Date(),
    };
  }
}
