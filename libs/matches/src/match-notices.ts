import { KIND_LABELS } from '@techbridge/catalog';
import { type CatalogItem, type CatalogKind, Disclosure, type Match, type MatchState, MatchStates, Organization } from '@techbridge/domain';
import { notify } from '@techbridge/notifications';
import type { EntityManager } from 'typeorm';

/** The steps the other side hears of: a party reaching out, meeting, negotiating (a dismissal stays the dismissing side's own business). */
export const NOTIFIED_STEPS: ReadonlySet<MatchState> = new Set<MatchState>(['contacted', 'meeting', 'negotiating']);

export interface MatchStep {
  match: Match;
  to: MatchState;
  /** The item of the side that moved, and its owner. */
  mover: Pick<CatalogItem, 'id' | 'title' | 'neutralTitle' | 'visibility' | 'organizationId'> & { kind: CatalogKind };
  /** The other side's organisation and its own item's title. */
  recipientOrganizationId: string;
  recipientItemTitle: string;
}

/**
 * Tells the other side that a party moved their match on, naming the mover's item and
 * organisation only as far as the other side may read them: a confidential item not disclosed
 * to it appears under its neutral title, its owner unnamed (as on the match itself).
 */
export async function noticeOfStep(manager: EntityManager, step: MatchStep): Promise<void> {
  const { mover, to, recipientOrganizationId } = step;
  const readable = mover.visibility !== 'confidential' || (await manager.existsBy(Disclosure, { itemKind: mover.kind, itemId: mover.id, organizationId: recipientOrganizationId }));
  const owner = readable ? (await manager.findOneBy(Organization, { id: mover.organizationId }))?.name : undefined;
  const face = `${KIND_LABELS[mover.kind]}「${readable ? mover.title : mover.neutralTitle}」${owner ? `（${owner}）` : ''}`;
  await notify(manager, {
    organizationId: recipientOrganizationId,
    kind: `match.${to}`,
    title: `${step.recipientItemTitle}：对方已标记“${MatchStates.label(to)}”`,
    body: `与贵单位「${step.recipientItemTitle}」匹配的${face}将这一对接推进到“${MatchStates.label(to)}”，可在匹配列表中查看并跟进。`,
    subject: { matchId: step.match.id, demandId: step.match.demandId, achievementId: step.match.achievementId },
  });
}
