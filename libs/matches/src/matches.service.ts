import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { CatalogKinds, type ExportFormat, ownsItem } from '@techbridge/catalog';
import {
  assertVersion,
  type Actor,
  type CatalogItem,
  type CatalogKind,
  ConflictError,
  type FeedbackVerdict,
  ForbiddenError,
  hasRole,
  InvalidStateError,
  Match,
  MatchFeedback,
  type MatchState,
  NIL_ID,
  ownOrganizations,
  ValidationError,
} from '@techbridge/domain';
import { pageOf } from '@techbridge/database';
import { DataSource, In, type EntityManager } from 'typeorm';
import { MATCH_EXPORT_ROWS, matchSheet } from './match-export';
import { dealNotRecorded, MATCH_TRANSITIONS, type MatchAction, type MatchActionRequest, RECORD_DEAL_INSTEAD } from './match-lifecycle';
import { reachMilestones } from './match-milestones';
import { type MatchInView, matchForViewer, OTHER } from './match-access';
import { type MatchStep, NOTIFIED_STEPS, noticeOfStep } from './match-notices';
import { type MatchListQuery, type MatchPipelineQuery, pipelineSql } from './match-pipeline';
import { type CounterpartRecord, counterpartsFor, type MatchSeen, seenBy, withConversations } from './match-seen';
import { matchableSql } from './matchable-items';

/** The live steps a match may have been at when a deal was recorded on it. */
const REOPENED_STATES: readonly string[] = ['suggested', 'contacted', 'meeting', 'negotiating'];

/** The two items of a match and the organisations that own them. */
export interface MatchParties {
  demandId: string;
  achievementId: string;
  demandOrganizationId: string;
  achievementOrganizationId: string;
}

/** Reading and acting on matches; every call checks that the caller speaks for one side. */
@Injectable()
export class MatchesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kinds: CatalogKinds,
    private readonly audit: AuditLog,
  ) {}

  /** An item's matches, best first; only its owner (or a broker acting for it, or an admin) may read them. */
  async listFor(actor: Actor, kind: CatalogKind, itemId: string, query: MatchListQuery): Promise<{ records: MatchSeen[]; total: number }> {
    const { item } = await this.kinds.of(kind).get(actor, itemId);
    if (!ownsItem(actor, item)) throw new ForbiddenError('not_owner', `only the owner of this ${kind} sees its matches`);
    const other = this.kinds.of(OTHER[kind]).spec;
    const qb = this.dataSource
      .getRepository(Match)
      .createQueryBuilder('m')
      .where(`m.${kind}_id = :itemId`, { itemId })
      .andWhere(`(m.${kind}_score IS NOT NULL OR m.state <> 'suggested')`)
      .orderBy(`COALESCE(m.${kind}_score, m.score)`, 'DESC')
      .addOrderBy('m.id');
    if (!hasRole(actor, 'admin')) {
      // Pairs whose counterpart the caller may not see (withdrawn, closed) are neither listed nor counted.
      qb.andWhere(
        `EXISTS (SELECT 1 FROM ${other.table} c WHERE c.id = m.${OTHER[kind]}_id AND (c.organization_id IN (:...orgs) OR (c.archived_at IS NULL AND c.status IN (:...listed))))`,
        { orgs: [...ownOrganizations(actor), NIL_ID], listed: other.listed },
      );
    }
    // A counterpart that left matching (closed, archived…) leaves the list at once, not when its job has withdrawn it.
    qb.andWhere(`(m.state <> 'suggested' OR EXISTS (SELECT 1 FROM ${other.table} c WHERE c.id = m.${OTHER[kind]}_id AND ${matchableSql('c')}))`);
    if (query.states?.length) qb.andWhere('m.state IN (:...states)', { states: query.states });
    else qb.andWhere(`m.state <> 'dismissed'`);
    const { items: matches, total } = await pageOf(qb, query);
    const counterparts = await counterpartsFor(this.dataSource.manager, actor, this.kinds.of(OTHER[kind]).spec, matches.map((m) => (kind === 'demand' ? m.achievementId : m.demandId)), item.organizationId);
    const records = matches.flatMap((match) => {
      const counterpart = counterparts.get(kind === 'demand' ? match.achievementId : match.demandId);
      return counterpart ? [seenBy(match, kind, { id: item.id, title: item.title }, counterpart)] : [];
    });
    return { records: await withConversations(this.dataSource.manager, records), total };
  }

  /**
   * The matches an organisation follows across all its demands and achievements (a member's or a
   * broker's follow-up list): those of the organisation named, else of the one in
   * X-Acting-Organization, else of every one the caller acts for; an admin names one.
   */
  async pipeline(actor: Actor, query: MatchPipelineQuery): Promise<{ records: MatchSeen[]; total: number }> {
    const admin = hasRole(actor, 'admin');
    const own = ownOrganizations(actor);
    const chosen = query.organizationId ?? actor.actingFor ?? undefined;
    if (chosen && !admin && !own.includes(chosen)) {
      throw new ForbiddenError('not_your_organization', 'you list the matches of your own organisation or of one you serve as a broker');
    }
    if (admin && !chosen && !own.length) throw ValidationError.of('organizationId', 'isNotEmpty', 'name the organisation whose matches to list');
    const { page, count } = pipelineSql(
      {
        organizations: chosen ? [chosen] : own,
        named: chosen ?? actor.organizationId ?? NIL_ID,
        own,
        everyCounterpart: admin,
        listed: { demand: this.kinds.of('demand').spec.listed, achievement: this.kinds.of('achievement').spec.listed },
      },
      query,
    );
    const [rows, counted] = await Promise.all([
      this.dataSource.query<Array<{ id: string; side: CatalogKind; item_id: string; item_title: string; item_organization_id: string }>>(page.sql, page.params),
      this.dataSource.query<Array<{ total: number }>>(count.sql, count.params),
    ]);
    const matches = new Map((await this.dataSource.getRepository(Match).findBy({ id: In(rows.map((r) => r.id)) })).map((m) => [m.id, m]));
    const counterpartOf = (side: CatalogKind, m: Match) => (side === 'demand' ? m.achievementId : m.demandId);
    // Each organisation listed sees the counterparts as disclosed to it (a broker lists several).
    const counterparts = new Map<string, CounterpartRecord>();
    const seenFrom = (side: CatalogKind, organizationId: string, counterpartId: string) => `${side}:${organizationId}:${counterpartId}`;
    for (const side of ['demand', 'achievement'] as const) {
      for (const organizationId of new Set(rows.filter((r) => r.side === side).map((r) => r.item_organization_id))) {
        const ids = rows.filter((r) => r.side === side && r.item_organization_id === organizationId && matches.has(r.id)).map((r) => counterpartOf(side, matches.get(r.id)!));
        for (const [id, c] of await counterpartsFor(this.dataSource.manager, actor, this.kinds.of(OTHER[side]).spec, ids, organizationId)) counterparts.set(seenFrom(side, organizationId, id), c);
      }
    }
    const records = rows.flatMap(({ id, side, item_id, item_title, item_organization_id }) => {
      const match = matches.get(id);
      const counterpart = match && counterparts.get(seenFrom(side, item_organization_id, counterpartOf(side, match)));
      return match && counterpart ? [seenBy(match, side, { id: item_id, title: item_title }, counterpart)] : [];
    });
    return { records: await withConversations(this.dataSource.manager, records), total: counted[0]?.total ?? 0 };
  }

  /** The organisation's list (filters and order as `pipeline`) as a spreadsheet of at most MATCH_EXPORT_ROWS rows. */
  async exportPipeline(actor: Actor, query: Omit<MatchPipelineQuery, 'page' | 'pageSize'>, format: ExportFormat): Promise<Buffer> {
    const { records } = await this.pipeline(actor, { ...query, page: 1, pageSize: MATCH_EXPORT_ROWS });
    return matchSheet(format, records);
  }

  async get(actor: Actor, matchId: string): Promise<MatchSeen> {
    const found = await matchForViewer(this.dataSource.manager, this.kinds, actor, matchId, { write: false });
    return this.seen(found);
  }

  async feedback(actor: Actor, matchId: string, verdict: FeedbackVerdict, reason: string | null): Promise<MatchSeen> {
    const found = await this.dataSource.transaction(async (manager) => {
      // The row lock keeps the worker from deleting the pair as unused while its feedback is written.
      const found = await matchForViewer(manager, this.kinds, actor, matchId, { write: true });
      const organizationId = found.organizationId;
      await manager.upsert(
        MatchFeedback,
        { matchId, side: found.side, verdict, reason, organizationId, userId: actor.userId, brokerUserId: actor.organizationId === organizationId ? null : actor.userId },
        ['matchId', 'side'],
      );
      await this.audit.record(manager, actor, { action: 'match.feedback', resourceType: 'match', resourceId: matchId, organizationId, details: { side: found.side, verdict } });
      return found;
    });
    return this.seen(found);
  }

  async transition(actor: Actor, matchId: string, action: MatchActionRequest, options: { reason?: string; version?: number }): Promise<MatchSeen> {
    const found = await this.dataSource.transaction(async (manager) => {
      const found = await matchForViewer(manager, this.kinds, actor, matchId, { write: true });
      assertVersion('match', found.match.stateVersion, options.version);
      // One side alone claiming a deal would feed the funnel with a deal no record stands behind.
      if (action === RECORD_DEAL_INSTEAD) throw dealNotRecorded(found.match.state);
      return { ...found, match: await this.step(manager, actor, found, action, { ...options, notice: true }) };
    });
    return this.seen(found);
  }

  /**
   * Moves a match on by the action `next` picks from its state as read under the row lock (null: it
   * stays), so callers deciding at once each decide on the step the other took (an event's two sides
   * wishing to follow up at the same moment move it twice, not once). Resolves with its state after.
   */
  async advance(actor: Actor, matchId: string, next: (state: MatchState) => MatchAction | null): Promise<MatchState> {
    return this.dataSource.transaction(async (manager) => {
      const found = await matchForViewer(manager, this.kinds, actor, matchId, { write: true });
      const action = next(found.match.state);
      return action ? (await this.step(manager, actor, found, action, { notice: true })).state : found.match.state;
    });
  }

  /** One match as the caller's side sees it, with its conversation counts. */
  private async seen(found: Pick<MatchInView, 'match' | 'side' | 'item' | 'counterpart'>): Promise<MatchSeen> {
    return (await withConversations(this.dataSource.manager, [seenBy(found.match, found.side, found.item, found.counterpart)]))[0]!;
  }

  /**
   * Moves a match the caller holds (locked, through matchForViewer) on by one action, inside the
   * caller's transaction; `notice` tells the other side of the steps it hears of.
   */
  async step(manager: EntityManager, actor: Actor, found: MatchInView, action: MatchAction, options: { reason?: string; notice: boolean }): Promise<Match> {
    const transition = MATCH_TRANSITIONS[action];
    const m = found.match;
    if (!(transition.from as readonly string[]).includes(m.state)) {
      throw new InvalidStateError(m.state, action, transition.to, `cannot ${action} a match that is ${m.state}: ${action} leads from ${transition.from.join(' or ')} to ${transition.to}`);
    }
    if (action === 'dismiss' && !options.reason?.trim()) throw ValidationError.of('reason', 'isNotEmpty', 'reason is required to dismiss a match');
    // A dismissal is its side's decision; pairs dismissed before sides were recorded may be restored by either.
    if (action === 'restore' && m.dismissedBy !== null && m.dismissedBy !== found.side) {
      throw new ForbiddenError('dismissed_by_other_side', `the ${m.dismissedBy} side dismissed this match; only it may restore it`);
    }
    const from = m.state;
    const to = action === 'restore' ? (m.dismissedFrom ?? transition.to) : transition.to;
    m.state = to;
    m.dismissReason = action === 'dismiss' ? options.reason!.trim() : action === 'restore' ? null : m.dismissReason;
    m.dismissedBy = action === 'dismiss' ? found.side : action === 'restore' ? null : m.dismissedBy;
    m.dismissedFrom = action === 'dismiss' ? from : action === 'restore' ? null : m.dismissedFrom;
    m.stateChangedAt = new Date();
    m.stateChangedBy = actor.userId;
    reachMilestones(m, to, m.stateChangedAt);
    m.stateVersion += 1;
    const saved = await manager.save(m);
    await this.audit.record(manager, actor, { action: `match.${action}`, resourceType: 'match', resourceId: found.match.id, organizationId: found.organizationId, details: { side: found.side, from, to } });
    if (options.notice && action !== 'restore' && NOTIFIED_STEPS.has(to)) {
      await noticeOfStep(manager, { match: saved, to, mover: await this.moverOf(manager, found), recipientOrganizationId: found.counterpartOrganizationId, recipientItemTitle: found.counterpart.record.item.title });
    }
    return saved;
  }

  /** The caller's own item of a match, as the other side's notices name it. */
  async moverOf(manager: EntityManager, found: MatchInView): Promise<MatchStep['mover']> {
    const item = (await manager.findOneByOrFail(this.kinds.of(found.side).spec.entity, { id: found.item.id } as never)) as CatalogItem;
    return { ...item, kind: found.side };
  }

  /**
   * A party records a deal on this match (inside the deal's transaction): the match moves to
   * `deal` from any live state, so the pipeline shows it closed; a dismissed match must be
   * restored first. Returns the pair and who owns each side.
   */
  async closeWithDeal(manager: EntityManager, actor: Actor, matchId: string): Promise<MatchParties> {
    const found = await matchForViewer(manager, this.kinds, actor, matchId, { write: true });
    const m = found.match;
    if (m.state === 'dismissed') throw new InvalidStateError(m.state, 'deal', 'deal', 'this match was dismissed; restore it before recording a deal on it');
    // A deal names both parties, to each other and in every list and export of deals: not while the other side is still unnamed to the caller.
    if (found.counterpart.record.access !== 'full') {
      const message = 'the other side of this match is confidential and has not disclosed its details to you; a deal names both parties, so ask for them first';
      throw new ConflictError('not_disclosed', message, [{ field: 'matchId', code: 'not_disclosed', message }]);
    }
    if (m.state !== 'deal') {
      const from = m.state;
      Object.assign(m, { state: 'deal', stateChangedAt: new Date(), stateChangedBy: actor.userId, stateVersion: m.stateVersion + 1 });
      reachMilestones(m, 'deal', m.stateChangedAt!);
      await manager.save(m);
      await this.audit.record(manager, actor, { action: 'match.deal', resourceType: 'match', resourceId: matchId, organizationId: found.organizationId, details: { side: found.side, from, to: 'deal' } });
    }
    const [demandOrganizationId, achievementOrganizationId] = found.side === 'demand' ? [found.organizationId, found.counterpartOrganizationId] : [found.counterpartOrganizationId, found.organizationId];
    return { demandId: m.demandId, achievementId: m.achievementId, demandOrganizationId, achievementOrganizationId };
  }
  /**
   * A deal on this match was disputed or voided (inside that transaction): it never was a contract.
   * Unless another record on the match stands or stood (a cancelled contract did happen), the match
   * leaves `deal` for the step it was recorded from and `dealtAt` is cleared, so the pipeline and the
   * conversion funnel do not count a deal one side only claimed.
   */
  async reopenAfterFalseDeal(manager: EntityManager, actor: Actor, matchId: string, dealId: string): Promise<void> {
    const m = await manager.findOne(Match, { where: { id: matchId }, lock: { mode: 'pessimistic_write' } });
    if (!m || m.state !== 'deal') return;
    const [other] = await manager.query(`SELECT 1 FROM deals WHERE match_id = $1 AND id <> $2 AND stage NOT IN ('disputed', 'voided') LIMIT 1`, [matchId, dealId]);
    if (other) return;
    const [recorded] = await manager.query(
      `SELECT details->>'from' AS "from" FROM audit_entries WHERE action = 'match.deal' AND resource_type = 'match' AND resource_id = $1 ORDER BY id DESC LIMIT 1`,
      [matchId],
    );
    const to: MatchState = REOPENED_STATES.includes(recorded?.from) ? recorded.from : 'negotiating';
    // Steps the deal skipped were stamped with it (reachMilestones): they go with it, the ones reached before stay.
    const dealtAt = m.dealtAt?.getTime();
    for (const step of ['contactedAt', 'metAt', 'negotiatedAt'] as const) if (m[step]?.getTime() === dealtAt) m[step] = null;
    Object.assign(m, { state: to, stateChangedAt: new Date(), stateChangedBy: actor.userId, stateVersion: m.stateVersion + 1, dealtAt: null });
    await manager.save(m);
    await this.audit.record(manager, actor, { action: 'match.deal_withdrawn', resourceType: 'match', resourceId: matchId, details: { from: 'deal', to, dealId } });
  }

}
