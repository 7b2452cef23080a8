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
 * How the other side reads the mover's item: a confidential item not disclosed to it appears
 * under its neutral title, its owner unnamed (as on the match itself).
 */
async function faceOf(manager: EntityManager, mover: MatchStep['mover'], recipientOrganizationId: string): Promise<string> {
  const readable = mover.visibility !== 'confidential' || (await manager.existsBy(Disclosure, { itemKind: mover.kind, itemId: mover.id, organizationId: recipientOrganizationId }));
  const owner = readable ? (await manager.findOneBy(Organization, { id: mover.organizationId }))?.name : undefined;
  return faceText(mover, readable, owner);
}

/** The words of faceOf, for callers that looked up disclosure and owner themselves (many notices at once). */
export const faceText = (item: MatchStep['mover'], readable: boolean, ownerName: string | undefined): string =>
  `${KIND_LABELS[item.kind]}「${readable ? item.title : item.neutralTitle}」${readable && ownerName ? `（${ownerName}）` : ''}`;

const subjectOf = (match: Match) => ({ matchId: match.id, demandId: match.demandId, achievementId: match.achievementId });

/** A pair of one organisation's own items (stored before such pairs were left out) has no other side to tell: it would read of its own act as the other side's. */
const toItself = (step: Pick<MatchStep, 'mover' | 'recipientOrganizationId'>): boolean => step.mover.organizationId === step.recipientOrganizationId;

/** Tells the other side that a party moved their match on, naming the mover only as far as the other side may read it. */
export async function noticeOfStep(manager: EntityManager, step: MatchStep): Promise<void> {
  if (toItself(step)) return;
  const { mover, to, recipientOrganizationId } = step;
  const face = await faceOf(manager, mover, recipientOrganizationId);
  await notify(manager, {
    organizationId: recipientOrganizationId,
    kind: `match.${to}`,
    title: `${step.recipientItemTitle}：对方已标记“${MatchStates.label(to)}”`,
    body: `与贵单位「${step.recipientItemTitle}」匹配的${face}将这一对接推进到“${MatchStates.label(to)}”，可在匹配列表中查看并跟进。`,
    subject: subjectOf(step.match),
  });
}

/**
 * Tells the other side of a new 对接留言, quoting its start. While an earlier notice of messages on
 * the same match is unread, a new one is not added: a conversation is one to-do, not one per line.
 */
export async function noticeOfMessage(manager: EntityManager, step: Omit<MatchStep, 'to'> & { text: string; firstContact: boolean }): Promise<void> {
  if (toItself(step)) return;
  const subject = subjectOf(step.match);
  const pending = await manager.query(`SELECT 1 FROM notifications WHERE organization_id = $1 AND kind = 'match.message' AND read_at IS NULL AND subject @> $2::jsonb LIMIT 1`, [
    step.recipientOrganizationId,
    JSON.stringify({ matchId: subject.matchId }),
  ]);
  if (pending.length) return;
  const face = await faceOf(manager, step.mover, step.recipientOrganizationId);
  const quote = step.text.length > 100 ? `${step.text.slice(0, 100)}……` : step.text;
  await notify(manager, {
    organizationId: step.recipientOrganizationId,
    kind: 'match.message',
    title: `${step.recipientItemTitle}：${step.firstContact ? '对方发起联系并留言' : '对方有新留言'}`.slice(0, 200),
    body: `与贵单位「${step.recipientItemTitle}」匹配的${face}留言：“${quote}”可在该匹配的留言中查看并回复。`,
    subject,
  });
}

/** The organisation has read every message on the match: its notices of new messages there are read too. */
export async function clearMessageNotices(manager: EntityManager, organizationId: string, matchId: string): Promise<void> {
  await manager.query(`UPDATE notifications SET read_at = now() WHERE organization_id = $1 AND kind = 'match.message' AND read_at IS NULL AND subject @> $2::jsonb`, [
    organizationId,
    JSON.stringify({ matchId }),
  ]);
}

/** Tells the other side of a document shared on the match (对接资料), naming the sharer only as far as it may read it. */
export async function noticeOfDocument(manager: EntityManager, step: Omit<MatchStep, 'to'> & { fileName: string; firstContact: boolean }): Promise<void> {
  if (toItself(step)) return;
  const face = await faceOf(manager, step.mover, step.recipientOrganizationId);
  await notify(manager, {
    organizationId: step.recipientOrganizationId,
    kind: 'match.document',
    title: `${step.recipientItemTitle}：${step.firstContact ? '对方发起联系并' : '对方'}上传了对接资料`.slice(0, 200),
    body: `与贵单位「${step.recipientItemTitle}」匹配的${face}上传了对接资料「${step.fileName}」，可在该匹配的资料中查看。`,
    subject: subjectOf(step.match),
  });
}
