import { type Actor, type CatalogKind, DisclosureRequest, type DisclosureRequestStatus, InvalidStateError, type OrganizationType } from '@techbridge/domain';
import { type Notice, notify } from '@techbridge/notifications';
import type { EntityManager } from 'typeorm';

export const KIND_LABELS: Readonly<Record<CatalogKind, string>> = { demand: '需求', achievement: '成果' };

/** Items whose details may be asked for: those still looking for a partner. */
export const OPEN_STATUSES: readonly string[] = ['published', 'in_negotiation'];

/**
 * After the owner declines, the same organisation may ask for the same item's details again only
 * this many days later. A request that lapsed (the item left the catalogue) does not count.
 */
export const ASK_AGAIN_AFTER_DAYS = 30;

/** Who asks for a confidential item's details: the organisations that could take up a demand or an achievement. */
export const REQUESTER_TYPES: readonly OrganizationType[] = ['enterprise', 'university', 'institute'];

/** Approving and declining are the owner's side's; withdrawing is the requester's. */
export type DisclosureRequestAction = 'approve' | 'decline' | 'withdraw';
export const DISCLOSURE_REQUEST_ACTIONS: readonly DisclosureRequestAction[] = ['approve', 'decline', 'withdraw'];

const OUTCOMES: Readonly<Record<DisclosureRequestAction, DisclosureRequestStatus>> = { approve: 'approved', decline: 'declined', withdraw: 'withdrawn' };

type PendingWhere = Partial<Pick<DisclosureRequest, 'id' | 'itemKind' | 'itemId' | 'requesterOrganizationId'>>;

/**
 * Moves the matching requests that are still pending, as one conditional update: of two
 * decisions racing on a request (approve and withdraw), exactly one moves it. Returns how many moved.
 */
async function settlePending(manager: EntityManager, actor: Actor, where: PendingWhere, to: DisclosureRequestStatus, note: string | null): Promise<number> {
  return (await settledIds(manager, actor, where, to, note)).size;
}

/** `settlePending`, answering which requests moved. */
async function settledIds(manager: EntityManager, actor: Actor, where: PendingWhere, to: DisclosureRequestStatus, note: string | null): Promise<Set<string>> {
  const result = await manager
    .createQueryBuilder()
    .update(DisclosureRequest)
    .set({ status: to, decisionNote: note, decidedBy: actor.userId, decidedAt: () => 'now()', version: () => 'version + 1', updatedAt: () => 'now()' })
    .where({ ...where, status: 'pending' })
    .returning(['id'])
    .execute();
  return new Set((result.raw as Array<{ id: string }>).map((r) => r.id));
}

/** A disclosure answers the recipient's pending request for it, whichever way it was given. */
export const answerPendingRequests = (manager: EntityManager, actor: Actor, where: Required<Omit<PendingWhere, 'id'>>): Promise<number> =>
  settlePending(manager, actor, where, 'approved', null);

/** Settles one request by `action`; a request no longer pending (decided meanwhile) is a 409. */
export async function settleRequest(manager: EntityManager, actor: Actor, request: DisclosureRequest, action: DisclosureRequestAction, note: string | null): Promise<void> {
  const to = OUTCOMES[action];
  if (!(await settlePending(manager, actor, { id: request.id }, to, note))) {
    const now = await manager.findOneByOrFail(DisclosureRequest, { id: request.id });
    throw new InvalidStateError(now.status, action, to, `the request is ${now.status}: only a pending request can be ${to}`);
  }
}

/** Tells a requester its request was declined, naming the item by its neutral title (it still reads no more). */
export const declinedNotice = (request: DisclosureRequest, neutralTitle: string, reason: string): Notice => ({
  organizationId: request.requesterOrganizationId,
  kind: 'disclosure.declined',
  title: `${neutralTitle}：查看详情申请未获同意`,
  body: reason,
  subject: { itemKind: request.itemKind, itemId: request.itemId, requestId: request.id },
});

/** Tells a requester its request lapsed unanswered: the item left the catalogue (its owner did not decide on it). */
export const lapsedNotice = (request: DisclosureRequest, neutralTitle: string, reason: string): Notice => ({
  organizationId: request.requesterOrganizationId,
  kind: 'disclosure.lapsed',
  title: `${neutralTitle}：查看详情申请已失效`,
  body: reason,
  subject: { itemKind: request.itemKind, itemId: request.itemId, requestId: request.id },
});

/**
 * An item taken off the catalogue (archived by its owner, taken down by the platform) ends the
 * requests still pending for it: lapsed, not declined, since nobody decided on them; each requester
 * is told why. Should the item come back (a takedown lifted), they may ask again at once.
 */
export async function lapsePendingRequests(manager: EntityManager, actor: Actor, item: { kind: CatalogKind; id: string; neutralTitle: string }, reason: string): Promise<void> {
  const pending = await manager.findBy(DisclosureRequest, { itemKind: item.kind, itemId: item.id, status: 'pending' });
  if (!pending.length) return;
  // Those a requester withdrew meanwhile stay withdrawn, and are not told of.
  const lapsed = await settledIds(manager, actor, { itemKind: item.kind, itemId: item.id }, 'lapsed', reason);
  await notify(manager, pending.filter((r) => lapsed.has(r.id)).map((request) => lapsedNotice(request, item.neutralTitle, reason)));
}
