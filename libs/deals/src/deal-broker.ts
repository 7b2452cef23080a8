import { type Actor, BrokerAssignment, hasRole, User, ValidationError } from '@techbridge/domain';
import { type EntityManager, In } from 'typeorm';

/**
 * The 技术经纪人 a deal credits (技术合同的中介方): the broker the recording party names, who must be
 * serving the buyer or the seller; else the broker recording it for a party it serves; else none.
 * Brokers are judged by the deals they bring about, so the credit never goes to a broker the
 * parties have no tie to.
 */
export async function creditedBroker(
  manager: EntityManager,
  actor: Actor,
  parties: { buyerOrganizationId: string; sellerOrganizationId: string },
  named: string | undefined,
): Promise<string | null> {
  const sides = [parties.buyerOrganizationId, parties.sellerOrganizationId];
  if (named === undefined) {
    const recordsAsBroker = hasRole(actor, 'broker') && !sides.includes(actor.organizationId ?? '') && sides.some((o) => actor.brokerFor.includes(o));
    return recordsAsBroker ? actor.userId : null;
  }
  const broker = await manager.findOneBy(User, { id: named, active: true });
  const serves = broker?.platformRoles.includes('broker') && (await manager.existsBy(BrokerAssignment, { brokerUserId: named, organizationId: In(sides) }));
  if (!serves) throw ValidationError.of('brokerUserId', 'not_serving', 'brokerUserId must be an active broker serving the buyer or the seller');
  return named;
}
