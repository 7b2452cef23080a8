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

type Source = { matchId?: string; challengeApplicationId?: string };
type ItemsOf = PartyPair & Pick<Deal, 'demandId' | 'achievementId'>;

/**
 * One contract counts once: a live deal of the same kind on the same match or awarded 揭榜 application,
 * or between the same parties about the same demand and achievement signed the same day (however each
 * was recorded), refuses a second record of it, naming the first, which the other party moves on or
 * disputes. A licence and then a service contract are two contracts, and so are two signed on
 * different days (a licence renewed); a deal naming no item at all cannot be told apart from another
 * and is not checked. The source row, else the items, are locked
 * first, so two parties recording at once are served one after the other.
 */
export async function assertFirstRecord(manager: EntityManager, source: Source, parties: ItemsOf, kind: CooperationMode, signedOn: string | null): Promise<void> {
  const on =
    source.matchId !== undefined ? { field: 'matchId', id: source.matchId, table: 'matches', column: 'match_id', what: 'match' }
    : source.challengeApplicationId !== undefined ? { field: 'challengeApplicationId', id: source.challengeApplicationId, table: 'challenge_applications', column: 'challenge_application_id', what: '揭榜 application' }
    : null;
  if (on) await manager.query(`SELECT 1 FROM ${on.table} WHERE id = $1 FOR UPDATE`, [on.id]);
  else if (signedOn !== null && (parties.demandId !== null || parties.achievementId !== null)) {
    // Demand before achievement, in every transaction that takes both.
    if (parties.demandId !== null) await manager.query(`SELECT 1 FROM tech_demands WHERE id = $1 FOR UPDATE`, [parties.demandId]);
    if (parties.achievementId !== null) await manager.query(`SELECT 1 FROM achievements WHERE id = $1 FOR UPDATE`, [parties.achievementId]);
  } else return;
  // On its match or award: any standing record of the kind not signed on another day. Named directly: one
  // signed the same day (an undated intent cannot be told from another contract about the same item).
  const [existing] = await manager.query<Array<{ id: string }>>(
    `SELECT id FROM deals WHERE kind = $1 AND stage = ANY($2) AND (
       (${on ? `${on.column} = $3::uuid` : '$3::uuid IS NOT NULL'} AND (signed_on IS NULL OR $8::date IS NULL OR signed_on = $8::date))
       OR (buyer_organization_id = $4 AND seller_organization_id = $5 AND demand_id IS NOT DISTINCT FROM $6 AND achievement_id IS NOT DISTINCT FROM $7
           AND (demand_id IS NOT NULL OR achievement_id IS NOT NULL) AND signed_on = $8::date))
     ORDER BY created_at LIMIT 1`,
    [kind, LIVE_STAGES, on?.id ?? null, parties.buyerOrganizationId, parties.sellerOrganizationId, parties.demandId, parties.achievementId, signedOn],
  );
  if (!existing) return;
  const field = on?.field ?? (parties.demandId !== null ? 'demandId' : 'achievementId');
  const message = `${on ? `this ${on.what}` : 'a contract between these parties about this item'} already has a ${kind} deal that stands (${existing.id}): move it on (sign, register) or, if it is wrong, dispute it (POST /api/v1/deals/${existing.id}/actions/dispute)`;
  const error = new ConflictError('deal_exists', message, [{ field, code: 'deal_exists', message }]);
  error.details = { dealId: existing.id };
  throw error;
}
