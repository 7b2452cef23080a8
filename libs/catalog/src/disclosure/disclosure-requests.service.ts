import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import {
  assertVersion,
  type Actor,
  actsFor,
  type CatalogKind,
  ConflictError,
  Disclosure,
  DisclosureRequest,
  type DisclosureRequestStatus,
  ForbiddenError,
  hasRole,
  InvalidStateError,
  NotFoundError,
  onBehalfOf,
  Organization,
  ownOrganizations,
} from '@techbridge/domain';
import { notify } from '@techbridge/notifications';
import { pageOf } from '@techbridge/database';
import { DataSource, type EntityManager, MoreThan } from 'typeorm';
import { organizationReads, ownsItem } from '../access';
import { CatalogKinds } from '../catalog-kinds';
import { type DisclosureRequestRecord, DisclosureRequestRecords } from './disclosure-request-records';
import { ASK_AGAIN_AFTER_DAYS, declinedNotice, type DisclosureRequestAction, KIND_LABELS, OPEN_STATUSES, REQUESTER_TYPES, settleRequest } from './request-rules';

export interface DisclosureRequestQuery {
  /** received: requests to disclose the caller's items; sent: the caller's own requests; neither: both. */
  box?: 'received' | 'sent';
  status?: DisclosureRequestStatus[];
  itemKind?: CatalogKind;
  itemId?: string;
  page: number;
  pageSize: number;
}

/**
 * 申请查看详情, the asking half of staged disclosure: an organisation that sees only a
 * confidential item's neutral face asks its owner for the details; the owner's side (its
 * members and brokers) approves, which discloses them, or declines with a reason; the requester
 * may withdraw. Until approved the requester learns nothing more of the item than its neutral
 * face, not even who owns it. Each step notifies the other side.
 */
@Injectable()
export class DisclosureRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kinds: CatalogKinds,
    private readonly records: DisclosureRequestRecords,
    private readonly audit: AuditLog,
  ) {}

  async request(actor: Actor, kind: CatalogKind, itemId: string, input: { message?: string }): Promise<DisclosureRequestRecord> {
    const requesterId = onBehalfOf(actor);
    if (!requesterId || !actsFor(actor, requesterId)) throw new ForbiddenError('no_organization', 'ask on behalf of an organisation you belong to or serve as a broker');
    const { item } = await this.kinds.of(kind).get(actor, itemId);
    if (!OPEN_STATUSES.includes(item.status)) {
      throw new InvalidStateError(item.status, 'request_disclosure', undefined, `the ${kind} is ${item.status}: details are asked of open (published or in negotiation) items only`);
    }
    // The owner's side discloses directly. Otherwise judged for the organisation asked for, not the caller:
    // a broker who read the item through another client's disclosure still asks for this one.
    if (ownsItem(actor, item)) {
      throw new ConflictError('already_visible', `this ${kind} is your organisation's or a client's you serve: disclose it directly (PUT …/disclosures/:organizationId)`);
    }
    if (organizationReads(requesterId, item, await this.dataSource.manager.existsBy(Disclosure, { itemKind: kind, itemId, organizationId: requesterId }))) {
      const why = item.visibility === 'confidential' ? 'its details are already disclosed to it' : 'it is not confidential';
      throw new ConflictError('already_visible', `the organisation you ask for already reads this ${kind} in full: ${why}`);
    }
    const saved = await this.dataSource.transaction(async (manager) => {
      // The item held shared and looked at again: an archive or takedown (which declines the requests
      // pending) either waits for this one or is seen by it, so no request is left pending on an item gone.
      const now = await manager.findOne(this.kinds.of(kind).spec.entity, { where: { id: itemId }, lock: { mode: 'pessimistic_read' } });
      if (!now || now.archivedAt) throw new NotFoundError(kind, itemId);
      if (!OPEN_STATUSES.includes(now.status)) throw new InvalidStateError(now.status, 'request_disclosure', undefined, `the ${kind} is ${now.status}: details are asked of open (published or in negotiation) items only`);
      const requester = await manager.findOneByOrFail(Organization, { id: requesterId });
      if (!REQUESTER_TYPES.includes(requester.type)) throw new ForbiddenError('cannot_request', 'only enterprises, universities and institutes ask for confidential details');
      if (!requester.verified) throw new ForbiddenError('organization_not_verified', 'the organisation must be verified by the platform before it can ask for confidential details');
      if (await manager.existsBy(DisclosureRequest, { itemKind: kind, itemId, requesterOrganizationId: requesterId, status: 'pending' })) throw alreadyRequested();
      // The owner said no: asking again at once would only repeat the question (and its notice).
      const since = new Date(Date.now() - ASK_AGAIN_AFTER_DAYS * 86_400_000);
      if (await manager.existsBy(DisclosureRequest, { itemKind: kind, itemId, requesterOrganizationId: requesterId, status: 'declined', decidedAt: MoreThan(since) })) {
        throw new ConflictError('recently_declined', `the owner declined your organisation's request for these details less than ${ASK_AGAIN_AFTER_DAYS} days ago: ask again later`);
      }
      const message = input.message?.trim() ?? '';
      const request = await manager
        .save(manager.create(DisclosureRequest, { itemKind: kind, itemId, ownerOrganizationId: item.organizationId, requesterOrganizationId: requesterId, requestedBy: actor.userId, message }))
        .catch((err: { code?: string }) => {
          if (err.code === '23505') throw alreadyRequested(); // a concurrent request won the race
          throw err;
        });
      await this.audit.record(manager, actor, { action: `${kind}.disclosure_request`, resourceType: kind, resourceId: itemId, organizationId: requesterId, details: { requestId: request.id } });
      await notify(manager, {
        organizationId: item.organizationId,
        kind: 'disclosure.requested',
        title: `${item.title}：收到查看详情申请`,
        body: `${requester.name} 申请查看该${KIND_LABELS[kind]}的详情${message ? `：${message}` : '。'}`,
        subject: { itemKind: kind, itemId, requestId: request.id },
      });
      return request;
    });
    return this.records.of(actor, saved);
  }

  async get(actor: Actor, id: string): Promise<DisclosureRequestRecord> {
    const request = await this.dataSource.getRepository(DisclosureRequest).findOneBy({ id });
    if (!request || !sees(actor, request)) throw new NotFoundError('disclosure_request', id);
    return this.records.of(actor, request);
  }

  /** Requests to or from the organisations the caller acts for (admins: all), newest first. */
  async list(actor: Actor, query: DisclosureRequestQuery): Promise<{ records: DisclosureRequestRecord[]; total: number }> {
    const qb = this.dataSource.getRepository(DisclosureRequest).createQueryBuilder('r');
    const orgs = ownOrganizations(actor);
    const mine = { orgs: orgs.length ? orgs : [null] };
    if (query.box === 'received') qb.where('r.owner_organization_id IN (:...orgs)', mine);
    else if (query.box === 'sent') qb.where('r.requester_organization_id IN (:...orgs)', mine);
    else if (!hasRole(actor, 'admin')) qb.where('(r.owner_organization_id IN (:...orgs) OR r.requester_organization_id IN (:...orgs))', mine);
    if (query.status?.length) qb.andWhere('r.status IN (:...statuses)', { statuses: query.status });
    if (query.itemKind) qb.andWhere('r.item_kind = :kind', { kind: query.itemKind });
    if (query.itemId) qb.andWhere('r.item_id = :itemId', { itemId: query.itemId });
    const { items, total } = await pageOf(qb.orderBy('r.created_at', 'DESC').addOrderBy('r.id'), query);
    return { records: await this.records.of(actor, items), total };
  }

  async act(actor: Actor, id: string, action: DisclosureRequestAction, input: { note?: string; version?: number }): Promise<DisclosureRequestRecord> {
    const note = input.note?.trim() || null;
    await this.dataSource.transaction(async (manager) => {
      const request = await manager.findOneBy(DisclosureRequest, { id });
      if (!request || !sees(actor, request)) throw new NotFoundError('disclosure_request', id);
      assertVersion('request', request.version, input.version);
      if (action === 'withdraw') {
        if (!ownOrganizations(actor).includes(request.requesterOrganizationId)) throw new ForbiddenError('not_requester', 'only the requesting organisation (its members and brokers) withdraws its request');
        await settleRequest(manager, actor, request, action, note);
        await this.audit.record(manager, actor, { action: `${request.itemKind}.disclosure_withdraw`, resourceType: request.itemKind, resourceId: request.itemId, organizationId: request.requesterOrganizationId, details: { requestId: id } });
        return;
      }
      if (!ownOrganizations(actor).includes(request.ownerOrganizationId) && !hasRole(actor, 'admin')) {
        throw new ForbiddenError('not_owner', `only the ${request.itemKind}'s owner (its members and brokers) decides on a request to disclose it`);
      }
      const items = this.kinds.of(request.itemKind);
      // Every decision on an item's disclosure takes the item's lock first, so they follow one another.
      const item = await items.forChange(manager, actor, request.itemId);
      if (action === 'approve') await assertMayStillReceive(manager, request.requesterOrganizationId);
      await settleRequest(manager, actor, request, action, note);
      if (action === 'approve') {
        await items.disclose(manager, actor, item, request.requesterOrganizationId);
        return;
      }
      await this.audit.record(manager, actor, { action: `${request.itemKind}.disclosure_decline`, resourceType: request.itemKind, resourceId: request.itemId, organizationId: request.ownerOrganizationId, details: { requestId: id } });
      await notify(manager, declinedNotice(request, item.neutralTitle, note ?? `发布方暂不向贵单位公开该${KIND_LABELS[request.itemKind]}的详情。`));
    });
    return this.get(actor, id);
  }
}

/**
 * Who asks must qualify when asked (verified, of a requesting type) and still when approved: an
 * organisation whose verification was withdrawn meanwhile is not disclosed to on its old request
 * (409 naming why; the request stays pending, to decline, or to approve once it is verified again).
 * Read FOR SHARE, so a withdrawal of its verification either waits for this approval or is seen by it.
 */
async function assertMayStillReceive(manager: EntityManager, requesterId: string): Promise<void> {
  const requester = await manager.findOneOrFail(Organization, { where: { id: requesterId }, lock: { mode: 'pessimistic_read' } });
  if (!REQUESTER_TYPES.includes(requester.type)) {
    throw new ConflictError('requester_cannot_request', `the requesting organisation is a ${requester.type}: only enterprises, universities and institutes are disclosed to on request`);
  }
  if (!requester.verified) {
    throw new ConflictError('requester_not_verified', 'the requesting organisation is no longer verified by the platform: decline the request, or approve it once it is verified again');
  }
}

const alreadyRequested = () => new ConflictError('already_requested', 'your organisation already has a pending request for these details: wait for the owner’s answer or withdraw it');

/** The requester's side, the owner's side, and admins; nobody else learns a request exists. */
const sees = (actor: Actor, request: DisclosureRequest): boolean => {
  const orgs = ownOrganizations(actor);
  return hasRole(actor, 'admin') || orgs.includes(request.ownerOrganizationId) || orgs.includes(request.requesterOrganizationId);
};
