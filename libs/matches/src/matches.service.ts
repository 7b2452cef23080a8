import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { AchievementsService, accessTo, type CatalogRecord, DemandsService, ownOrganizations, ownsItem, type SomeCatalogItems } from '@techbridge/catalog';
import {
  type Achievement,
  type Actor,
  type CatalogKind,
  ConflictError,
  Disclosure,
  type FeedbackVerdict,
  ForbiddenError,
  InvalidStateError,
  Match,
  MatchFeedback,
  NotFoundError,
  Regions,
  type TechDemand,
  ValidationError,
} from '@techbridge/domain';
import { type MatchExplanation, redactExplanation, renderExplanation, type RenderedExplanation } from '@techbridge/matching';
import { DataSource, In, type EntityManager } from 'typeorm';
import { MATCH_TRANSITIONS, type MatchAction } from './match-lifecycle';

export type CounterpartRecord = { kind: 'demand'; record: CatalogRecord<TechDemand> } | { kind: 'achievement'; record: CatalogRecord<Achievement> };

/** A match as one of its two sides sees it. */
export interface MatchSeen {
  match: Match;
  /** The side the viewer is on. */
  side: CatalogKind;
  score: number;
  /** Components derived from a counterpart's hidden details are left out when the viewer cannot read them. */
  components: Record<string, number>;
  explanation: MatchExplanation;
  rendered: RenderedExplanation;
  counterpart: CounterpartRecord;
}

export interface MatchListQuery {
  page: number;
  pageSize: number;
  /** Only matches in this state (dismissed ones are listed only when asked for). */
  state?: Match['state'];
}

const OTHER: Readonly<Record<CatalogKind, CatalogKind>> = { demand: 'achievement', achievement: 'demand' };
/** What a redacted counterpart's public face (field, chain, region) supports. */
const PUBLIC_COMPONENTS = new Set(['field', 'region']);

/** Reading and acting on matches; every call checks that the caller speaks for one side. */
@Injectable()
export class MatchesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly demands: DemandsService,
    private readonly achievements: AchievementsService,
    private readonly audit: AuditLog,
  ) {}

  private items(kind: CatalogKind): SomeCatalogItems {
    return (kind === 'demand' ? this.demands : this.achievements) as unknown as SomeCatalogItems;
  }

  /** An item's matches, best first; only its owner (or a broker acting for it, or an admin) may read them. */
  async listFor(actor: Actor, kind: CatalogKind, itemId: string, query: MatchListQuery): Promise<{ records: MatchSeen[]; total: number }> {
    const { item } = await this.items(kind).get(actor, itemId);
    if (!ownsItem(actor, item)) throw new ForbiddenError('not_owner', `only the owner of this ${kind} sees its matches`);
    const qb = this.dataSource
      .getRepository(Match)
      .createQueryBuilder('m')
      .where(`m.${kind}_id = :itemId`, { itemId })
      .andWhere(`(m.${kind}_score IS NOT NULL OR m.state <> 'suggested')`)
      .orderBy(`COALESCE(m.${kind}_score, m.score)`, 'DESC')
      .addOrderBy('m.id')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    if (query.state) qb.andWhere('m.state = :state', { state: query.state });
    else qb.andWhere(`m.state <> 'dismissed'`);
    const [matches, total] = await qb.getManyAndCount();
    const counterparts = await this.counterparts(actor, OTHER[kind], matches.map((m) => (kind === 'demand' ? m.achievementId : m.demandId)));
    const records = matches.flatMap((match) => {
      const counterpart = counterparts.get(kind === 'demand' ? match.achievementId : match.demandId);
      return counterpart ? [this.seen(match, kind, counterpart)] : [];
    });
    return { records, total };
  }

  async get(actor: Actor, matchId: string): Promise<MatchSeen> {
    const { match, side } = await this.forViewer(this.dataSource.manager, actor, matchId);
    return this.seenById(actor, match, side);
  }

  async feedback(actor: Actor, matchId: string, verdict: FeedbackVerdict, reason: string | null): Promise<MatchSeen> {
    const { match, side } = await this.dataSource.transaction(async (manager) => {
      const found = await this.forViewer(manager, actor, matchId);
      const organizationId = found.organizationId;
      await manager.upsert(
        MatchFeedback,
        { matchId, side: found.side, verdict, reason, organizationId, userId: actor.userId, brokerUserId: actor.organizationId === organizationId ? null : actor.userId },
        ['matchId', 'side'],
      );
      await this.audit.record(manager, actor, { action: 'match.feedback', resourceType: 'match', resourceId: matchId, organizationId, details: { side: found.side, verdict } });
      return found;
    });
    return this.seenById(actor, match, side);
  }

  async transition(actor: Actor, matchId: string, action: MatchAction, options: { reason?: string; version?: number }): Promise<MatchSeen> {
    const transition = MATCH_TRANSITIONS[action];
    const { match, side } = await this.dataSource.transaction(async (manager) => {
      const found = await this.forViewer(manager, actor, matchId, true);
      const m = found.match;
      if (options.version !== undefined && m.version !== options.version) {
        throw new ConflictError('stale_version', `the match was changed meanwhile (version ${m.version}, yours ${options.version}); reload and retry`);
      }
      if (!(transition.from as readonly string[]).includes(m.state)) {
        throw new InvalidStateError(m.state, action, transition.to, `cannot ${action} a match that is ${m.state}: ${action} leads from ${transition.from.join(' or ')} to ${transition.to}`);
      }
      if (action === 'dismiss' && !options.reason?.trim()) throw ValidationError.of('reason', 'isNotEmpty', 'reason is required to dismiss a match');
      const from = m.state;
      m.state = transition.to;
      m.dismissReason = action === 'dismiss' ? options.reason!.trim() : action === 'restore' ? null : m.dismissReason;
      m.stateChangedAt = new Date();
      m.stateChangedBy = actor.userId;
      const saved = await manager.save(m);
      await this.audit.record(manager, actor, { action: `match.${action}`, resourceType: 'match', resourceId: matchId, organizationId: found.organizationId, details: { side: found.side, from, to: transition.to } });
      return { ...found, match: saved };
    });
    return this.seenById(actor, match, side);
  }

  /** The match and the side the caller speaks for; 404 when it speaks for neither. */
  private async forViewer(manager: EntityManager, actor: Actor, matchId: string, lock = false): Promise<{ match: Match; side: CatalogKind; organizationId: string }> {
    const match = await manager.findOne(Match, { where: { id: matchId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!match) throw new NotFoundError('match', matchId);
    const owners: Array<{ kind: CatalogKind; organization_id: string }> = await manager.query(
      `SELECT 'demand' AS kind, organization_id FROM tech_demands WHERE id = $1 UNION ALL SELECT 'achievement', organization_id FROM achievements WHERE id = $2`,
      [match.demandId, match.achievementId],
    );
    const mine = owners.find((o) => ownsItem(actor, { organizationId: o.organization_id }));
    if (!mine) throw new NotFoundError('match', matchId);
    return { match, side: mine.kind, organizationId: mine.organization_id };
  }

  private async seenById(actor: Actor, match: Match, side: CatalogKind): Promise<MatchSeen> {
    const otherId = side === 'demand' ? match.achievementId : match.demandId;
    const counterpart = (await this.counterparts(actor, OTHER[side], [otherId])).get(otherId);
    if (!counterpart) throw new NotFoundError('match', match.id);
    return this.seen(match, side, counterpart);
  }

  /** Counterparts as the viewer may see them (full or redacted); invisible ones are left out. */
  private async counterparts(actor: Actor, kind: CatalogKind, ids: string[]): Promise<Map<string, CounterpartRecord>> {
    const out = new Map<string, CounterpartRecord>();
    if (!ids.length) return out;
    const spec = this.items(kind).spec;
    const items = (await this.dataSource.getRepository(spec.entity).findBy({ id: In(ids) })) as Array<TechDemand | Achievement>;
    const orgs = ownOrganizations(actor);
    const disclosed = orgs.length
      ? new Set((await this.dataSource.getRepository(Disclosure).findBy({ itemKind: kind, itemId: In(ids), organizationId: In(orgs) })).map((d) => d.itemId))
      : new Set<string>();
    for (const item of items) {
      const access = accessTo(actor, item, spec.listed, disclosed.has(item.id));
      if (access) out.set(item.id, { kind, record: { item, access } } as CounterpartRecord);
    }
    return out;
  }

  private seen(match: Match, side: CatalogKind, counterpart: CounterpartRecord): MatchSeen {
    const readable = counterpart.record.access === 'full';
    const visibility = side === 'demand' ? { demand: true, achievement: readable } : { demand: readable, achievement: true };
    const explanation = redactExplanation(match.explanation as unknown as MatchExplanation, visibility);
    const components = readable ? match.components : Object.fromEntries(Object.entries(match.components).filter(([name]) => PUBLIC_COMPONENTS.has(name)));
    return {
      match,
      side,
      score: (side === 'demand' ? match.demandScore : match.achievementScore) ?? match.score,
      components,
      explanation,
      rendered: renderExplanation(explanation, { visibility, regionName: (code) => Regions.get(code)?.fullName }),
      counterpart,
    };
  }
}
