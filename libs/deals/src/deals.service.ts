import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { AchievementsService, AttachmentsService, DemandsService, type ExportFormat, todayInChina, unknownItemAs } from '@techbridge/catalog';
import { DEAL_EXPORT_ROWS, dealSheet } from './deal-export';
import { ChallengeApplicationsService } from '@techbridge/challenges';
import {
  assertVersion,
  type Actor,
  actsFor,
  ConflictError,
  type CooperationMode,
  Deal,
  type DealStage,
  EventParticipant,
  ForbiddenError,
  hasRole,
  InvalidStateError,
  MatchmakingEvent,
  NotFoundError,
  Organization,
  ownOrganizations,
  User,
  ValidationError,
} from '@techbridge/domain';
import { pageOf } from '@techbridge/database';
import { MatchesService } from '@techbridge/matches';
import { DataSource, type EntityManager, In } from 'typeorm';
import { type ContractFacts, contractProblems, DEAL_TRANSITIONS, type DealAction, endsDeal, isLive, type RecordableStage } from './deal-lifecycle';
import { assertFirstRecord, isParty, partyOf, stepTakenFor } from './deal-lifecycle-guards';
import { creditedBroker } from './deal-broker';
import { noticeOfVoiding, noticeToOtherParty } from './deal-notices';

export interface DealInput extends ContractFacts {
  title: string;
  kind: CooperationMode;
  stage?: RecordableStage;
  /** From a match: the pair and its parties come from it. */
  matchId?: string;
  /** From an awarded 揭榜 application: the challenge's owner buys, the applicant sells. */
  challengeApplicationId?: string;
  /** Otherwise the parties, one of which the caller acts for, and at least one item of theirs. */
  buyerOrganizationId?: string;
  sellerOrganizationId?: string;
  demandId?: string;
  achievementId?: string;
  /** The 对接会 where the parties met (both took part in it). */
  eventId?: string;
  /** The 技术经纪人 who brought it about (see creditedBroker). */
  brokerUserId?: string;
}

export interface DealActionInput extends ContractFacts {
  /** Why the deal ends: required to cancel, dispute or void it. */
  reason?: string;
  version?: number;
}

export interface DealListQuery {
  stage?: DealStage[];
  /** Only the deals crediting the caller as their 技术经纪人. */
  brokered?: boolean;
  organizationId?: string;
  page: number;
  pageSize: number;
}

/** A deal with its parties' names (the parties know each other). */
export interface DealRecord {
  deal: Deal;
  buyerName: string;
  sellerName: string;
  /** The credited 技术经纪人's name, when there is one. */
  brokerName: string | null;
}

type Parties = { buyerOrganizationId: string; sellerOrganizationId: string; demandId: string | null; achievementId: string | null };

/**
 * Recording and following deals (成交). Only the parties (their members and the brokers serving
 * them) record and move a deal; admins read every deal; anyone else cannot tell one exists.
 */
/** 技术合同登记号 as stored: letters upper-case, so one number is one registration however it was typed. */
const registrationNumberOf = (value: string | null | undefined): string | null => (value ? value.trim().toUpperCase() : null);

@Injectable()
export class DealsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly matches: MatchesService,
    private readonly challenges: ChallengeApplicationsService,
    private readonly demands: DemandsService,
    private readonly achievements: AchievementsService,
    private readonly audit: AuditLog,
    attachments: AttachmentsService,
  ) {
    // 合同附件 (the signed contract, the 技术合同登记 certificate): the parties and their brokers add them while the deal stands; whoever sees the deal reads them.
    attachments.register({
      kind: 'deal',
      resource: 'deal',
      // Two organisations keep documents here: each removes only what it added.
      removedByUploaderOnly: true,
      assertReadable: async (actor, id) => {
        if (!actor) throw new NotFoundError('deal', id);
        await this.get(actor, id);
      },
      forChange: async (manager, actor, id) => {
        const deal = await manager.findOne(Deal, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!deal || !this.sees(actor, deal)) throw new NotFoundError('deal', id);
        if (!isParty(actor, deal)) throw new ForbiddenError('not_a_party', 'only the parties to a deal (and their brokers) add its documents');
        if (!isLive(deal.stage)) throw new InvalidStateError(deal.stage, 'attach', undefined, `the deal ended (${deal.stage})`);
        return { organizationId: partyOf(actor, deal) };
      },
    });
  }

  async record(actor: Actor, input: DealInput): Promise<DealRecord> {
    const stage = input.stage ?? 'intent';
    throwProblems(contractProblems(stage, input, todayInChina()));
    const deal = await this.dataSource.transaction(async (manager) => {
      const parties =
        input.matchId !== undefined ? await this.fromMatch(manager, actor, input)
        : input.challengeApplicationId !== undefined ? await this.fromChallenge(manager, actor, input)
        : await this.named(manager, actor, input);
      await assertFirstRecord(manager, input, parties, input.kind, input.signedOn ?? null);
      if (input.eventId !== undefined) await this.checkEvent(manager, input.eventId, parties);
      const fieldCode = await this.fieldOf(manager, parties);
      const brokerUserId = await creditedBroker(manager, actor, parties, input.brokerUserId);
      const facts = { amountWan: input.amountWan ?? null, signedOn: input.signedOn ?? null, registrationNumber: registrationNumberOf(input.registrationNumber), registeredOn: input.registeredOn ?? null };
      if (facts.registrationNumber) await this.checkRegistrationNumber(manager, facts.registrationNumber);
      const recordedFor = partyOf(actor, parties);
      const saved = await manager.save(
        manager.create(Deal, {
          ...parties,
          ...facts,
          title: input.title.trim(),
          kind: input.kind,
          stage,
          // The most specific origin: a 揭榜 award, else the 对接会 where they met, else the match.
          source: input.challengeApplicationId ? 'challenge' : input.eventId ? 'event' : input.matchId ? 'match' : 'direct',
          matchId: input.matchId ?? null,
          challengeApplicationId: input.challengeApplicationId ?? null,
          eventId: input.eventId ?? null,
          fieldCode,
          brokerUserId,
          recordedBy: actor.userId,
          recordedForOrganizationId: recordedFor,
        }),
      );
      await this.audit.record(manager, actor, { action: 'deal.record', resourceType: 'deal', resourceId: saved.id, organizationId: recordedFor, details: { stage } });
      await noticeToOtherParty(manager, saved, recordedFor, 'record');
      return saved;
    });
    return this.withNames(deal);
  }

  async get(actor: Actor, id: string): Promise<DealRecord> {
    const deal = await this.dataSource.getRepository(Deal).findOneBy({ id });
    if (!deal || !this.sees(actor, deal)) throw new NotFoundError('deal', id);
    return this.withNames(deal);
  }

  /** The deals of the organisations the caller acts for (admins: every deal), latest first. */
  async list(actor: Actor, query: DealListQuery): Promise<{ records: DealRecord[]; total: number }> {
    const qb = this.dataSource.getRepository(Deal).createQueryBuilder('d');
    const orgs = query.organizationId !== undefined ? [query.organizationId] : hasRole(actor, 'admin') ? null : ownOrganizations(actor);
    if (query.organizationId !== undefined && !hasRole(actor, 'admin') && !actsFor(actor, query.organizationId)) {
      throw new ForbiddenError('not_a_party', 'you do not act for this organisation');
    }
    if (orgs !== null) qb.where('(d.buyer_organization_id IN (:...orgs) OR d.seller_organization_id IN (:...orgs))', { orgs: orgs.length ? orgs : [null] });
    if (query.stage?.length) qb.andWhere('d.stage IN (:...stages)', { stages: query.stage });
    if (query.brokered) qb.andWhere('d.broker_user_id = :me', { me: actor.userId });
    const { items, total } = await pageOf(qb.orderBy('d.updated_at', 'DESC').addOrderBy('d.id'), query);
    return { records: await this.withNames(items), total };
  }

  /** The same list (filters and order as `list`) as a spreadsheet of at most DEAL_EXPORT_ROWS rows. */
  async export(actor: Actor, query: Omit<DealListQuery, 'page' | 'pageSize'>, format: ExportFormat): Promise<Buffer> {
    const { records } = await this.list(actor, { ...query, page: 1, pageSize: DEAL_EXPORT_ROWS });
    return dealSheet(format, records);
  }

  async act(actor: Actor, id: string, action: DealAction, input: DealActionInput): Promise<DealRecord> {
    const transition = DEAL_TRANSITIONS[action];
    const deal = await this.dataSource.transaction(async (manager) => {
      const deal = await manager.findOne(Deal, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!deal || !this.sees(actor, deal)) throw new NotFoundError('deal', id);
      const party = stepTakenFor(actor, deal, action);
      assertVersion('deal', deal.version, input.version);
      if (!(transition.from as readonly string[]).includes(deal.stage)) {
        throw new InvalidStateError(deal.stage, action, transition.to, `cannot ${action} a deal that is ${deal.stage}: ${action} leads from ${transition.from.join(' or ')} to ${transition.to}`);
      }
      const from = deal.stage;
      let details: Record<string, unknown> = {};
      if (endsDeal(action)) {
        const reason = input.reason?.trim();
        if (!reason) throw ValidationError.of('reason', 'isNotEmpty', `reason is required to ${action} a deal`);
        deal.cancelReason = reason;
        details = { reason };
      } else {
        const facts: ContractFacts = {
          // Signing states the contract's amount: the intent's estimate is not taken for it unasked.
          amountWan: action === 'sign' ? (input.amountWan ?? null) : (input.amountWan ?? deal.amountWan),
          signedOn: input.signedOn ?? deal.signedOn,
          registrationNumber: registrationNumberOf(input.registrationNumber),
          registeredOn: input.registeredOn ?? null,
        };
        throwProblems(contractProblems(transition.to, facts, todayInChina()));
        if (action === 'register') await this.checkRegistrationNumber(manager, facts.registrationNumber!);
        // The registration may correct what was signed (the certificate is what counts): on the record, not silent.
        const corrected = (['amountWan', 'signedOn'] as const).filter((k) => deal[k] !== null && deal[k] !== facts[k]).map((k) => ({ field: k, from: deal[k], to: facts[k] }));
        if (corrected.length) details = { corrected };
        Object.assign(deal, facts);
      }
      deal.stage = transition.to;
      const saved = await manager.save(deal);
      // An admin voiding acts for neither party: the entry goes under the admin's own organisation.
      await this.audit.record(manager, actor, { action: `deal.${action}`, resourceType: 'deal', resourceId: id, organizationId: party ?? undefined, details: { from, to: deal.stage, ...details } });
      // A record the other party denies, or the platform struck, was no contract: the match leaves `deal` again.
      if ((action === 'dispute' || action === 'void') && saved.matchId) await this.matches.reopenAfterFalseDeal(manager, actor, saved.matchId, saved.id);
      if (action === 'void') await noticeOfVoiding(manager, saved);
      else await noticeToOtherParty(manager, saved, party!, action);
      return saved;
    });
    return this.withNames(deal);
  }

  private async fromMatch(manager: EntityManager, actor: Actor, input: DealInput): Promise<Parties> {
    derivedFieldsAbsent(input, 'matchId', 'the match');
    if (input.challengeApplicationId !== undefined) throw ValidationError.of('challengeApplicationId', 'fromMatch', 'a deal comes from a match or from a challenge application, not both');
    const pair = await this.matches.closeWithDeal(manager, actor, input.matchId!);
    if (pair.demandOrganizationId === pair.achievementOrganizationId) {
      throw ValidationError.of('matchId', 'sameOrganization', 'both items of this match belong to one organisation: a deal needs two parties');
    }
    return { buyerOrganizationId: pair.demandOrganizationId, sellerOrganizationId: pair.achievementOrganizationId, demandId: pair.demandId, achievementId: pair.achievementId };
  }

  /** The awarded application's challenge (bought by its owner) and the applicant's achievement, if it named one. */
  private async fromChallenge(manager: EntityManager, actor: Actor, input: DealInput): Promise<Parties> {
    derivedFieldsAbsent(input, 'challengeApplicationId', 'the application');
    return this.challenges.partiesForDeal(manager, actor, input.challengeApplicationId!);
  }

  /** Parties named by the caller: it acts for one of them, both exist, and the items are theirs and visible to it. */
  private async named(manager: EntityManager, actor: Actor, input: DealInput): Promise<Parties> {
    const { buyerOrganizationId: buyer, sellerOrganizationId: seller } = input;
    if (buyer === undefined) throw ValidationError.of('buyerOrganizationId', 'isNotEmpty', 'buyerOrganizationId is required unless matchId is given');
    if (seller === undefined) throw ValidationError.of('sellerOrganizationId', 'isNotEmpty', 'sellerOrganizationId is required unless matchId is given');
    if (buyer === seller) throw ValidationError.of('sellerOrganizationId', 'sameOrganization', 'buyer and seller must be two organisations');
    if (!actsFor(actor, buyer) && !actsFor(actor, seller)) throw new ForbiddenError('not_a_party', 'you record deals only for an organisation you act for (as buyer or seller)');
    const found = new Set((await manager.findBy(Organization, { id: In([buyer, seller]) })).map((o) => o.id));
    for (const [field, id] of [['buyerOrganizationId', buyer], ['sellerOrganizationId', seller]] as const) {
      if (!found.has(id)) throw ValidationError.of(field, 'unknown', `${field} names no organisation`);
    }
    if (input.demandId === undefined && input.achievementId === undefined) {
      throw ValidationError.of('demandId', 'isNotEmpty', 'a deal is about a demand or an achievement: give demandId, achievementId or both');
    }
    // Who owns a confidential item is hidden until it is disclosed: checked before comparing owners,
    // so that naming parties cannot be used to guess it.
    if (input.demandId !== undefined) {
      const { item, access } = await this.demands.get(actor, input.demandId, manager).catch(unknownItemAs('demandId'));
      if (access !== 'full') throw ValidationError.of('demandId', 'not_disclosed', 'the demand is confidential and its details were not disclosed to you: ask for them first');
      if (item.organizationId !== buyer) throw ValidationError.of('demandId', 'notBuyers', 'the demand belongs to another organisation than the buyer');
    }
    if (input.achievementId !== undefined) {
      const { item, access } = await this.achievements.get(actor, input.achievementId, manager).catch(unknownItemAs('achievementId'));
      if (access !== 'full') throw ValidationError.of('achievementId', 'not_disclosed', 'the achievement is confidential and its details were not disclosed to you: ask for them first');
      if (item.organizationId !== seller) throw ValidationError.of('achievementId', 'notSellers', 'the achievement belongs to another organisation than the seller');
    }
    return { buyerOrganizationId: buyer, sellerOrganizationId: seller, demandId: input.demandId ?? null, achievementId: input.achievementId ?? null };
  }

  private async checkEvent(manager: EntityManager, eventId: string, parties: Parties): Promise<void> {
    if (!(await manager.existsBy(MatchmakingEvent, { id: eventId }))) throw ValidationError.of('eventId', 'unknown', 'eventId names no event');
    const approved = await manager.countBy(EventParticipant, { eventId, status: 'approved', organizationId: In([parties.buyerOrganizationId, parties.sellerOrganizationId]) });
    if (approved < 2) throw ValidationError.of('eventId', 'notParticipants', 'both parties must have taken part in the event');
  }

  private async fieldOf(manager: EntityManager, parties: Parties): Promise<string> {
    const rows: Array<{ field_code: string }> = await manager.query(
      `SELECT field_code FROM (SELECT 1 AS o, field_code FROM tech_demands WHERE id = $1 UNION ALL SELECT 2, field_code FROM achievements WHERE id = $2) f ORDER BY o`,
      [parties.demandId, parties.achievementId],
    );
    return rows[0]!.field_code;
  }

  private async checkRegistrationNumber(manager: EntityManager, registrationNumber: string): Promise<void> {
    // Letters in either case name the same registration (numbers recorded before were kept as typed);
    // a disputed or voided deal's number is free for the real contract.
    const taken: unknown[] = await manager.query(`SELECT 1 FROM deals WHERE upper(registration_number) = $1 AND stage = 'registered' LIMIT 1`, [registrationNumber]);
    if (taken.length) {
      throw new ConflictError('registration_number_taken', 'another deal is registered under this number', [
        { field: 'registrationNumber', code: 'taken', message: 'another deal is registered under this number' },
      ]);
    }
  }

  private sees(actor: Actor, deal: Deal): boolean {
    return isParty(actor, deal) || hasRole(actor, 'admin');
  }

  private async withNames(deal: Deal): Promise<DealRecord>;
  private async withNames(deals: Deal[]): Promise<DealRecord[]>;
  private async withNames(deals: Deal | Deal[]): Promise<DealRecord | DealRecord[]> {
    const list = Array.isArray(deals) ? deals : [deals];
    const ids = [...new Set(list.flatMap((d) => [d.buyerOrganizationId, d.sellerOrganizationId]))];
    const brokerIds = [...new Set(list.map((d) => d.brokerUserId).filter((b): b is string => b !== null))];
    const names = new Map((ids.length ? await this.dataSource.getRepository(Organization).findBy({ id: In(ids) }) : []).map((o) => [o.id, o.name]));
    const brokers = new Map((brokerIds.length ? await this.dataSource.getRepository(User).findBy({ id: In(brokerIds) }) : []).map((u) => [u.id, u.displayName]));
    const records = list.map((deal) => ({
      deal,
      buyerName: names.get(deal.buyerOrganizationId) ?? '',
      sellerName: names.get(deal.sellerOrganizationId) ?? '',
      brokerName: deal.brokerUserId ? (brokers.get(deal.brokerUserId) ?? '') : null,
    }));
    return Array.isArray(deals) ? records : records[0]!;
  }
}

/** Parties and items a match or an application determines are not also given by the caller. */
function derivedFieldsAbsent(input: DealInput, source: 'matchId' | 'challengeApplicationId', what: string): void {
  for (const field of ['buyerOrganizationId', 'sellerOrganizationId', 'demandId', 'achievementId'] as const) {
    if (input[field] !== undefined) throw ValidationError.of(field, source === 'matchId' ? 'fromMatch' : 'fromApplication', `${field} comes from ${what}; leave it out when ${source} is given`);
  }
}

function throwProblems(problems: ReturnType<typeof contractProblems>): void {
  ValidationError.throwIfAny(problems.map((p) => ({ ...p, code: 'contract' })));
}
