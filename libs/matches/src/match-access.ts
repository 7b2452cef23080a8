import type { CatalogKinds } from '@techbridge/catalog';
import { type Actor, type CatalogKind, Match, NotFoundError } from '@techbridge/domain';
import type { EntityManager } from 'typeorm';
import { type CounterpartRecord, counterpartsFor, type OwnItem } from './match-seen';
import { sideFor } from './match-sides';

export const OTHER: Readonly<Record<CatalogKind, CatalogKind>> = { demand: 'achievement', achievement: 'demand' };

/** A match as the caller is entitled to it: the side it speaks for and the counterpart as it may see it. */
export interface MatchInView {
  match: Match;
  side: CatalogKind;
  organizationId: string;
  counterpartOrganizationId: string;
  item: OwnItem;
  counterpart: CounterpartRecord;
}

/**
 * The match, the side the caller speaks for and the counterpart as the caller sees it; 404 when
 * it speaks for neither side or may not see the counterpart (checked before anything is written).
 * Writes lock the row and need a side the caller acts for: its own organisation's, the one named
 * in X-Acting-Organization, or the only one it serves as a broker.
 */
export async function matchForViewer(manager: EntityManager, kinds: CatalogKinds, actor: Actor, matchId: string, { write }: { write: boolean }): Promise<MatchInView> {
  const match = await manager.findOne(Match, { where: { id: matchId }, ...(write ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!match) throw new NotFoundError('match', matchId);
  const owners: Array<{ kind: CatalogKind; organization_id: string; id: string; title: string }> = await manager.query(
    `SELECT 'demand' AS kind, organization_id, id, title FROM tech_demands WHERE id = $1 UNION ALL SELECT 'achievement', organization_id, id, title FROM achievements WHERE id = $2`,
    [match.demandId, match.achievementId],
  );
  const mine = sideFor(actor, owners, write);
  if (!mine) throw new NotFoundError('match', matchId);
  const otherId = mine.kind === 'demand' ? match.achievementId : match.demandId;
  const counterpart = (await counterpartsFor(manager, actor, kinds.of(OTHER[mine.kind]).spec, [otherId])).get(otherId);
  if (!counterpart) throw new NotFoundError('match', matchId);
  const counterpartOrganizationId = owners.find((o) => o.kind !== mine.kind)!.organization_id;
  return { match, side: mine.kind, organizationId: mine.organization_id, counterpartOrganizationId, item: { id: mine.id, title: mine.title }, counterpart };
}
