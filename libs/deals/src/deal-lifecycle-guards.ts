import { type Actor, actsFor, ConflictError, type CooperationMode, type Deal, ForbiddenError, hasRole } from '@techbridge/domain';
import type { EntityManager } from 'typeorm';
import { type DealAction, LIVE_STAGES } from './deal-lifecycle';

type PartyPair = Pick<Deal, 'buyerOrganizationId' | 'sellerOrganizationId'>;

export const isParty = (actor: Actor, deal: PartyPair): boolean => actsFor(actor, deal.buyerOrganizationId) || actsFor(actor, deal.sellerOrganizationId);

/** The party a write is filed under: the one the caller names or belongs to, else the first it serves. */
export function partyOf(actor: Actor, deal: PartyPair): string {
  const parties = [deal.buyerOrganizationId, deal.sellerOrganizationId];
  const named = actor.actingFor ?? actor.organizationId;
  return parties.find((p) => p === named) ?? parties.find((p) => actsFor(actor, p))!;
}

/**
 * The party a step on the deal is taken for, or null for an admin voiding it. Either party moves
 * and cancels a deal; only the party the recorder named (not the recorder) disputes it, since one
 * side alone may have recorded a contract the other never agreed to; only admins void.
 */
export function stepTakenFor(actor: Actor, deal: Deal, action: DealAction): string | null {
  if (action === 'void') {
    if (!hasRole(actor, 'admin')) throw new ForbiddenError('not_admin', 'only the platform’s operators void a deal; a party cancels it, or disputes it if the other side recorded it');
    return null;
  }
  if (!isParty(actor, deal)) throw new ForbiddenError('not_a_party', 'only the parties to a deal (and their brokers) move it');
  const party = partyOf(actor, deal);
  if (action !== 'dispute') return party;
  // Unknown recorder (a row written outside the service): either party but the recording user.
  const named = [deal.buyerOrganizationId, deal.sellerOrganizationId].filter((p) => p !== deal.recordedForOrganizationId && actsFor(actor, p));
  if (!named.length || actor.userId === deal.recordedBy) {
    throw new ForbiddenError('not_named_party', 'only the party the other side named when recording the deal (or its broker) disputes it; the recording party cancels it instead');
  }
  return named.includes(party) ? party : named[0]!;
}

/**
 * One contract counts once: a live deal of the same kind on the same match or awarded 揭榜
 * application (which fix both parties) refuses a second record of it, naming the first, which the
 * other party moves on or disputes. A licence and then a service contract are two contracts. The
 * source row is locked first, so two parties recording at once are served one after the other.
 */
export async function assertFirstRecord(manager: EntityManager, source: { matchId?: string; challengeApplicationId?: string }, kind: CooperationMode): Promise<void> {
  const on =
    source.matchId !== undefined ? { field: 'matchId', id: source.matchId, table: 'matches', column: 'match_id', what: 'match' }
    : source.challengeApplicationId !== undefined ? { field: 'challengeApplicationId', id: source.challengeApplicationId, table: 'challenge_applications', column: 'challenge_application_id', what: '揭榜 application' }
    : null;
  if (!on) return;
  await manager.query(`SELECT 1 FROM ${on.table} WHERE id = $1 FOR UPDATE`, [on.id]);
  const [existing] = await manager.query<Array<{ id: string }>>(`SELECT id FROM deals WHERE ${on.column} = $1 AND kind = $2 AND stage = ANY($3) ORDER BY created_at LIMIT 1`, [on.id, kind, LIVE_STAGES]);
  if (!existing) return;
  const message = `this ${on.what} already has a ${kind} deal that stands (${existing.id}): move it on (sign, register) or, if it is wrong, dispute it (POST /api/v1/deals/${existing.id}/actions/dispute)`;
  const error = new ConflictError('deal_exists', message, [{ field: on.field, code: 'deal_exists', message }]);
  error.details = { dealId: existing.id };
  throw error;
}
