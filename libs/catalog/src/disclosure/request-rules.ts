import { type Actor, type CatalogKind, DisclosureRequest, type DisclosureRequestStatus, InvalidStateError, type OrganizationType } from '@techbridge/domain';
import type { EntityManager } from 'typeorm';

export const KIND_LABELS: Readonly<Record<CatalogKind, string>> = { demand: '需求', achievement: '成果' };

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
  const result = await manager
    .createQueryBuilder()
    .update(DisclosureRequest)
    .set({ status: to, decisionNote: note, decidedBy: actor.userId, decidedAt: () => 'now()', version: () => 'version + 1', updatedAt: () => 'now()' })
    .where({ ...where, status: 'pending' })
    .execute();
  return result.affected ?? 0;
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
