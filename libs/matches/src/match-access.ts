import type { CatalogKinds } from '@techbridge/catalog';
import { type Actor, type CatalogKind, ConflictError, Match, NotFoundError } from '@techbridge/domain';
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
 * in X-Acting-Organization, or the only one it serves as a broker. A side whose own item is
 * archived (or taken down) or withdrawn to draft no longer writes on its matches (409): the other
 * side can no longer see that item, so could neither read nor answer. Taking back what one shared
 * (`retracting`) stays open.
 */
export async function matchForViewer(
  manager: EntityManager,
  kinds: CatalogKinds,
  actor: Actor,
  matchId: string,
  { write, retracting = false }: { write: boolean; retracting?: boolean },
): Promise<MatchInView> {
  const match = await manager.findOne(Match, { where: { id: matchId }, ...(write ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!match) throw new NotFoundError('match', matchId);
  const owners: Array<{ kind: CatalogKind; organization_id: string; id: string; title: string; status: string; archived: boolean }> = await manager.query(
    `SELECT 'demand' AS kind, organization_id, id, title, status, archived_at IS NOT NULL AS archived FROM tech_demands WHERE id = $1
     UNION ALL SELECT 'achievement', organization_id, id, title, status, archived_at IS NOT NULL FROM achievements WHERE id = $2`,
    [match.demandId, match.achievementId],
  );
  const mine = sideFor(actor, owners, write);
  if (!mine) throw new NotFoundError('match', matchId);
  const otherId = mine.kind === 'demand' ? match.achievementId : match.demandId;
  const counterpart = (await counterpartsFor(manager, actor, kinds.of(OTHER[mine.kind]).spec, [otherId], mine.organization_id)).get(otherId);
  if (!counterpart) throw new NotFoundError('match', matchId);
  if (write && !retracting && (mine.archived || !kinds.of(mine.kind).spec.listed.includes(mine.status))) {
    const why = mine.archived ? 'archived' : 'withdrawn to draft';
    throw new ConflictError('item_not_listed', `your ${mine.kind} is ${why}: the other side no longer sees it, so its matches are read-only until it is listed again`);
  }
  const counterpartOrganizationId = owners.find((o) => o.kind !== mine.kind)!.organization_id;
  return { match, side: mine.kind, organizationId: mine.organization_id, counterpartOrganizationId, item: { id: mine.id, title: mine.title }, counterpart };
}
