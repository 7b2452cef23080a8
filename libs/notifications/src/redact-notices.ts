import type { EntityManager } from 'typeorm';

/** A confidential item whose details some organisations may no longer read. */
export interface WithdrawnItem {
  kind: 'demand' | 'achievement';
  id: string;
  neutralTitle: string;
  /** Its owner: its own notices stay as written. */
  ownerOrganizationId: string;
}

/**
 * Notices are written with what their reader could read then (a title, the other side's name). When
 * an item's details are withdrawn from organisations (a disclosure revoked, the item made
 * confidential), the notices about it that they hold are rewritten under its neutral title, so neither
 * the list nor the next daily digest e-mail tells them what they may no longer read. `keepFor`: the
 * organisations that still read it in full (its disclosures); `only`: just these (a revoked one).
 */
export async function redactNoticesAbout(manager: EntityManager, item: WithdrawnItem, readers: { keepFor?: readonly string[]; only?: readonly string[] }): Promise<number> {
  const key = item.kind === 'demand' ? 'demandId' : 'achievementId';
  const [, affected]: [unknown, number] = await manager.query(
    `UPDATE notifications SET title = left($2 || '：有更新', 200), body = '该条目的详情已不再向贵单位公开，此前通知中的详情已隐去。'
      WHERE (subject @> jsonb_build_object('itemId', $1::text) OR subject @> jsonb_build_object($3::text, $1::text))
        AND organization_id <> $4 AND NOT (organization_id = ANY($5::uuid[])) AND ($6::uuid[] IS NULL OR organization_id = ANY($6::uuid[]))`,
    [item.id, item.neutralTitle, key, item.ownerOrganizationId, readers.keepFor ?? [], readers.only ?? null],
  );
  return affected;
}
