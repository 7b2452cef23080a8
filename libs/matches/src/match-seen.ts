import { accessTo, type CatalogEntity, type CatalogKindSpec, type CatalogRecord } from '@techbridge/catalog';
import { type Achievement, type Actor, type CatalogKind, Disclosure, DisclosureRequest, type Match, Regions, type TechDemand } from '@techbridge/domain';
import { type MatchExplanation, redactComponents, redactExplanation, renderExplanation, type RenderedExplanation } from '@techbridge/matching';
import { type EntityManager, In } from 'typeorm';

export type CounterpartRecord = ({ kind: 'demand'; record: CatalogRecord<TechDemand> } | { kind: 'achievement'; record: CatalogRecord<Achievement> }) & {
  /** While the counterpart is redacted: the viewer's latest request for its details (申请查看详情), if any. */
  disclosureRequest: Pick<DisclosureRequest, 'id' | 'status'> | null;
};

export interface OwnItem {
  id: string;
  title: string;
}

/** A match as one of its two sides sees it. */
export interface MatchSeen {
  match: Match;
  /** The side the viewer is on. */
  side: CatalogKind;
  /** The viewer's own item on that side (its organisation's, so readable in full). */
  item: OwnItem;
  score: number;
  /** Components derived from a counterpart's hidden details are left out when the viewer cannot read them. */
  components: Record<string, number>;
  explanation: MatchExplanation;
  rendered: RenderedExplanation;
  counterpart: CounterpartRecord;
  /** 对接留言 on the match: how many in all, and how many the other side wrote that the viewer's side has not read. */
  conversation: { messages: number; unread: number; documents: number };
}

/** What counterpartsFor needs of a catalogue kind. */
export type CounterpartSpec = Pick<CatalogKindSpec<CatalogEntity, unknown>, 'kind' | 'entity' | 'listed'>;

/**
 * Counterparts as the viewer may see them (full or redacted); invisible ones are left out. A
 * confidential counterpart's details count as disclosed only to `side`, the organisation whose
 * item is matched with it: a broker serving several organisations holds each one's disclosures
 * for that one alone, so another client's match with the same item stays redacted.
 */
export async function counterpartsFor(manager: EntityManager, actor: Actor, spec: CounterpartSpec, ids: string[], side: string): Promise<Map<string, CounterpartRecord>> {
  const kind = spec.kind;
  const out = new Map<string, CounterpartRecord>();
  if (!ids.length) return out;
  const items = (await manager.getRepository(spec.entity).findBy({ id: In(ids) })) as Array<TechDemand | Achievement>;
  const disclosed = new Set((await manager.getRepository(Disclosure).findBy({ itemKind: kind, itemId: In(ids), organizationId: side })).map((d) => d.itemId));
  const seen = items.map((item) => ({ item, access: accessTo(actor, item, spec.listed, disclosed.has(item.id)) }));
  const redacted = seen.filter((s) => s.access === 'redacted').map((s) => s.item.id);
  const requests = redacted.length
    ? await manager.getRepository(DisclosureRequest).find({ where: { itemKind: kind, itemId: In(redacted), requesterOrganizationId: side }, order: { createdAt: 'DESC' } })
    : [];
  const latest = new Map<string, DisclosureRequest>();
  for (const request of requests) if (!latest.has(request.itemId)) latest.set(request.itemId, request);
  for (const { item, access } of seen) {
    const request = access === 'redacted' ? latest.get(item.id) : undefined;
    if (access) out.set(item.id, { kind, record: { item, access }, disclosureRequest: request ? { id: request.id, status: request.status } : null } as CounterpartRecord);
  }
  return out;
}

/** What one side sees of a match: explanation and components redacted as far as it may not read the counterpart. */
export function seenBy(match: Match, side: CatalogKind, item: OwnItem, counterpart: CounterpartRecord): MatchSeen {
  const readable = counterpart.record.access === 'full';
  const visibility = side === 'demand' ? { demand: true, achievement: readable } : { demand: readable, achievement: true };
  const stored = match.explanation as unknown as MatchExplanation;
  const explanation = redactExplanation(stored, visibility);
  const components = redactComponents(match.components, stored, visibility);
  return {
    match,
    side,
    item,
    score: (side === 'demand' ? match.demandScore : match.achievementScore) ?? match.score,
    components,
    explanation,
    rendered: renderExplanation(explanation, { visibility, regionName: (code) => Regions.get(code)?.fullName }),
    counterpart,
    conversation: { messages: 0, unread: 0, documents: 0 },
  };
}

/** Fills in each record's conversation counts (messages, and documents shared), in two queries for the lot. */
export async function withConversations(manager: EntityManager, records: MatchSeen[]): Promise<MatchSeen[]> {
  if (!records.length) return records;
  const ids = [...new Set(records.map((r) => r.match.id))];
  // One after the other: the manager may be a transaction's, on one connection.
  const rows: Array<{ match_id: string; side: CatalogKind; n: number; unread: number }> = await manager.query(
    `SELECT match_id, side, count(*)::int AS n, (count(*) FILTER (WHERE read_at IS NULL))::int AS unread FROM match_messages WHERE match_id = ANY($1::uuid[]) GROUP BY 1, 2`,
    [ids],
  );
  const shared: Array<{ item_id: string; n: number }> = await manager.query(
    `SELECT item_id, count(*)::int AS n FROM attachments WHERE item_kind = 'match' AND item_id = ANY($1::uuid[]) GROUP BY 1`,
    [ids],
  );
  const documents = new Map(shared.map((r) => [r.item_id, r.n]));
  for (const record of records) {
    const own = rows.filter((r) => r.match_id === record.match.id);
    record.conversation = {
      messages: own.reduce((sum, r) => sum + r.n, 0),
      unread: own.filter((r) => r.side !== record.side).reduce((sum, r) => sum + r.unread, 0),
      documents: documents.get(record.match.id) ?? 0,
    };
  }
  return records;
}
