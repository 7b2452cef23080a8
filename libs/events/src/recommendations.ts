import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AchievementsService, type CatalogRecord, DemandsService } from '@techbridge/catalog';
import { type Achievement, type Actor, type CatalogKind, ForbiddenError, NotFoundError, type ParticipantSide, type TechDemand } from '@techbridge/domain';
import { DataSource } from 'typeorm';
import { mayBook } from './event-rules';
import { expireOverdueRequests } from './meeting-requests.service';
import { ParticipantsService } from './participants.service';
import { EventsService } from './events.service';

/** An item as the viewer may see it: a confidential one shows only its neutral title. */
export interface ItemFace {
  id: string;
  kind: CatalogKind;
  title: string;
  redacted: boolean;
}

export interface Recommendation {
  participantId: string;
  organizationId: string;
  organizationName: string;
  side: ParticipantSide;
  /** The best match score (0–100) between the two organisations' published items. */
  score: number;
  /** That match: pass it as `matchId` to request the meeting pre-filled. */
  matchId: string;
  yourItem: ItemFace;
  theirItem: ItemFace;
  /** An open request between the two, if any. */
  requestStatus: string | null;
}

interface PairRow {
  participant_id: string;
  organization_id: string;
  organization_name: string;
  side: ParticipantSide;
  match_id: string;
  score: number;
  demand_id: string;
  achievement_id: string;
  theirs_is: CatalogKind;
  request_status: string | null;
}

/** Whom a participant should meet: the other approved participants, ranked by their best match with it. */
@Injectable()
export class Recommendations {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly participants: ParticipantsService,
    private readonly demands: DemandsService,
    private readonly achievements: AchievementsService,
  ) {}

  async forParticipant(actor: Actor, eventId: string, participantId: string, limit = 20): Promise<Recommendation[]> {
    const event = await this.events.get(actor, eventId);
    const { participant, own, manager } = await this.participants.visible(this.dataSource.manager, actor, event, participantId);
    if (!own && !manager) throw new ForbiddenError('not_participant', 'recommendations are for the participant itself and the organizers');
    // They name the approved participants, their sides and scores: what only the approved see of each other.
    if (!manager && participant.status !== 'approved') {
      throw new ForbiddenError('not_approved', `recommendations are for approved participants; this registration is ${participant.status}`, [{ field: 'participantId', code: 'not_approved', message: `the registration is ${participant.status}` }]);
    }
    await expireOverdueRequests(this.dataSource, eventId);
    // Best match per counterpart organisation, both directions, published and live items only.
    const rows: PairRow[] = await this.dataSource.query(
      `SELECT DISTINCT ON (o.id) o.id AS participant_id, o.organization_id, org.name AS organization_name, o.side, m.id AS match_id, m.score,
              m.demand_id, m.achievement_id, CASE WHEN d.organization_id = $2 THEN 'achievement' ELSE 'demand' END AS theirs_is,
              (SELECT r.status FROM meeting_requests r WHERE r.event_id = $3 AND r.pair_key = CASE WHEN o.id < $1 THEN o.id || ':' || $1 ELSE $1 || ':' || o.id END
                 AND r.status IN ('pending', 'accepted') LIMIT 1) AS request_status
         FROM event_participants o
         JOIN organizations org ON org.id = o.organization_id
         JOIN tech_demands d ON d.organization_id IN (o.organization_id, $2) AND d.status = 'published' AND d.archived_at IS NULL
         JOIN achievements a ON a.organization_id IN (o.organization_id, $2) AND a.status = 'published' AND a.archived_at IS NULL
                            AND a.organization_id <> d.organization_id
         JOIN matches m ON m.demand_id = d.id AND m.achievement_id = a.id AND m.state <> 'dismissed'
        WHERE o.event_id = $3 AND o.status = 'approved' AND o.id <> $1 AND o.organization_id <> $2
        ORDER BY o.id, m.score DESC, m.id`,
      [participant.id, participant.organizationId, eventId],
    );
    const ranked = rows.filter((r) => mayBook(event.bookingRule, participant.side, r.side) || mayBook(event.bookingRule, r.side, participant.side)).sort((a, b) => b.score - a.score || a.participant_id.localeCompare(b.participant_id)).slice(0, limit);
    const out: Recommendation[] = [];
    for (const r of ranked) {
      const theirs = r.theirs_is === 'demand' ? { kind: 'demand' as const, id: r.demand_id } : { kind: 'achievement' as const, id: r.achievement_id };
      const yours = r.theirs_is === 'demand' ? { kind: 'achievement' as const, id: r.achievement_id } : { kind: 'demand' as const, id: r.demand_id };
      const [theirItem, yourItem] = [await this.face(actor, theirs.kind, theirs.id), await this.face(actor, yours.kind, yours.id)];
      if (!theirItem || !yourItem) continue;
      out.push({
        participantId: r.participant_id, organizationId: r.organization_id, organizationName: r.organization_name, side: r.side,
        score: Math.round(r.score * 10) / 10, matchId: r.match_id, yourItem, theirItem, requestStatus: r.request_status,
      });
    }
    return out;
  }

  /** Through the catalogue's own read: its redaction rules, and null when the viewer may not see the item. */
  private async face(actor: Actor, kind: CatalogKind, id: string): Promise<ItemFace | null> {
    try {
      const record = (kind === 'demand' ? await this.demands.get(actor, id) : await this.achievements.get(actor, id)) as CatalogRecord<TechDemand | Achievement>;
      const redacted = record.access !== 'full';
      return { id, kind, title: redacted ? record.item.neutralTitle : record.item.title, redacted };
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }
}
