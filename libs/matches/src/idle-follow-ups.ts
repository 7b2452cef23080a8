import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LISTED_ACHIEVEMENT, LISTED_DEMAND } from '@techbridge/catalog';
import { Achievement, Disclosure, type MatchState, MatchStates, Organization, TechDemand } from '@techbridge/domain';
import { type Notice, notify } from '@techbridge/notifications';
import { DataSource, type EntityManager, In } from 'typeorm';
import { faceText } from './match-notices';

/** Days without progress after which both sides of a match being followed up are reminded (跟踪提醒). */
export const IDLE_FOLLOW_UP_DAYS = 30;
/** The pipeline's open steps: someone reached out and neither a deal nor a dismissal ended it. */
export const FOLLOW_UP_STATES: readonly MatchState[] = ['contacted', 'meeting', 'negotiating'];
const BATCH = 200;
const DAY_MS = 86_400_000;

/**
 * SQL: when the pair `m` last moved — a step of its pipeline, a 对接留言 or a document shared on
 * it, a meeting request at a 对接会, a deal recorded on it. Each read through an index on the match.
 */
export const lastProgressSql = (m: string): string => `greatest(${m}.contacted_at, ${m}.state_changed_at, ${m}.met_at, ${m}.negotiated_at,
  (SELECT max(x.created_at) FROM match_messages x WHERE x.match_id = ${m}.id),
  (SELECT max(f.created_at) FROM attachments f WHERE f.item_kind = 'match' AND f.item_id = ${m}.id),
  (SELECT max(q.updated_at) FROM meeting_requests q WHERE q.match_id = ${m}.id),
  (SELECT max(d.updated_at) FROM deals d WHERE d.match_id = ${m}.id))`;

/** SQL: the pair `m`, being followed up, has not moved for IDLE_FOLLOW_UP_DAYS before `now` (an SQL timestamptz). */
export const stalledSql = (m: string, now: string): string => `${lastProgressSql(m)} < ${now} - make_interval(days => ${IDLE_FOLLOW_UP_DAYS})`;

/**
 * FROM … WHERE of the pairs to remind ($1 now, $2 states, $3 days, $4/$5 listed statuses): followed up,
 * stalled, not reminded since their last progress, and both items still before the other side (an
 * archived or drafted one is gone from its lists: there is nothing to update there).
 */
const STALLED_FROM = `FROM matches m
  JOIN tech_demands t ON t.id = m.demand_id AND t.archived_at IS NULL AND t.status = ANY($4)
  JOIN achievements a ON a.id = m.achievement_id AND a.archived_at IS NULL AND a.status = ANY($5)
  LEFT JOIN match_idle_reminders r ON r.match_id = m.id
  CROSS JOIN LATERAL (SELECT ${lastProgressSql('m')} AS last_at) p
 WHERE m.contacted_at IS NOT NULL AND m.state = ANY($2) AND p.last_at < $1::timestamptz - make_interval(days => $3)
   AND (r.reminded_at IS NULL OR r.reminded_at < p.last_at)`;

interface IdleRow {
  id: string;
  state: MatchState;
  demand_id: string;
  achievement_id: string;
  last_at: Date;
}

/**
 * 跟踪提醒: once a day both organisations of a match whose follow-up has made no progress for
 * IDLE_FOLLOW_UP_DAYS are asked to record where it stands (met, negotiating, a deal) or to end it,
 * so that what organizers count stays true. Once per idle spell: progress after a reminder starts
 * a new one. Each batch locks its pairs and records them reminded (match_idle_reminders) in the
 * transaction that writes the notices, so two workers or a re-run remind no one twice.
 */
@Injectable()
export class IdleFollowUps {
  private readonly logger = new Logger('IdleFollowUps');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async remind(now = new Date()): Promise<{ reminded: number }> {
    // The stalled pairs are found in one pass (every followed-up pair's last progress is read once),
    // then reminded a batch at a time, each pair checked again under its row lock.
    const candidates: Array<{ id: string }> = await this.dataSource.query(`SELECT m.id ${STALLED_FROM} ORDER BY p.last_at, m.id`, this.params(now));
    let reminded = 0;
    for (let i = 0; i < candidates.length; i += BATCH) {
      const ids = candidates.slice(i, i + BATCH).map((c) => c.id);
      reminded += await this.dataSource.transaction(async (manager) => {
        const rows: IdleRow[] = await manager.query(
          // The pair's row lock (which leaves its page all-visible) keeps two workers from reminding it twice.
          `SELECT m.id, m.state, m.demand_id, m.achievement_id, p.last_at ${STALLED_FROM} AND m.id = ANY($6::uuid[]) FOR UPDATE OF m SKIP LOCKED`,
          [...this.params(now), ids],
        );
        if (!rows.length) return 0;
        await notify(manager, await this.notices(manager, rows, now));
        await manager.query(
          `INSERT INTO match_idle_reminders (match_id, reminded_at) SELECT unnest($2::uuid[]), $1
           ON CONFLICT (match_id) DO UPDATE SET reminded_at = EXCLUDED.reminded_at`,
          [now, rows.map((r) => r.id)],
        );
        return rows.length;
      });
    }
    if (reminded) this.logger.log(`reminded both sides of ${reminded} matches without progress for ${IDLE_FOLLOW_UP_DAYS} days`);
    return { reminded };
  }

  private params(now: Date): unknown[] {
    return [now, FOLLOW_UP_STATES, IDLE_FOLLOW_UP_DAYS, LISTED_DEMAND, LISTED_ACHIEVEMENT];
  }

  /** One notice to each side, naming the other's item only as far as that side may read it. */
  private async notices(manager: EntityManager, rows: IdleRow[], now: Date): Promise<Notice[]> {
    // One query at a time: the manager is the batch's transaction, on one connection.
    const demands = await manager.findBy(TechDemand, { id: In(rows.map((r) => r.demand_id)) });
    const achievements = await manager.findBy(Achievement, { id: In(rows.map((r) => r.achievement_id)) });
    const demandOf = new Map(demands.map((d) => [d.id, d]));
    const achievementOf = new Map(achievements.map((a) => [a.id, a]));
    // Who may read which confidential item, and the owners' names, for the whole batch at once.
    const confidential = [...demands, ...achievements].filter((i) => i.visibility === 'confidential').map((i) => i.id);
    const disclosures = confidential.length ? await manager.findBy(Disclosure, { itemId: In(confidential) }) : [];
    const organizations = await manager.findBy(Organization, { id: In([...new Set([...demands, ...achievements].map((i) => i.organizationId))]) });
    const disclosed = new Set(disclosures.map((d) => `${d.itemKind} ${d.itemId} ${d.organizationId}`));
    const nameOf = new Map(organizations.map((o) => [o.id, o.name]));
    const notices: Notice[] = [];
    for (const row of rows) {
      const demand = demandOf.get(row.demand_id)!;
      const achievement = achievementOf.get(row.achievement_id)!;
      const days = Math.floor((now.getTime() - new Date(row.last_at).getTime()) / DAY_MS);
      const subject = { matchId: row.id, demandId: demand.id, achievementId: achievement.id };
      const sides = [
        { own: demand, other: { ...achievement, kind: 'achievement' as const } },
        { own: achievement, other: { ...demand, kind: 'demand' as const } },
      ];
      for (const { own, other } of sides) {
        if (own === achievement && achievement.organizationId === demand.organizationId) continue; // one organisation on both sides hears once
        const readable = other.visibility !== 'confidential' || disclosed.has(`${other.kind} ${other.id} ${own.organizationId}`);
        const face = faceText(other, readable, nameOf.get(other.organizationId));
        notices.push({
          organizationId: own.organizationId,
          kind: 'match.idle',
          title: `${own.title}：对接已 ${days} 天没有进展`.slice(0, 200),
          body: `贵单位「${own.title}」与${face}的对接停留在“${MatchStates.label(row.state)}”已 ${days} 天。请在匹配中更新进展（约见、洽谈、成交），不再跟进时请结束对接：组织方据此统计真实的转化情况。`,
          subject,
        });
      }
    }
    return notices;
  }
}
