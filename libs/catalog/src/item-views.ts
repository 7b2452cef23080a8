import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, type CatalogItem, type CatalogKind, ForbiddenError, onBehalfOf } from '@techbridge/domain';
import { DataSource } from 'typeorm';
import { ownsItem } from './access';
import { CatalogKinds } from './catalog-kinds';
import { addDays, todayInChina } from './rules/item-rules';

/** How far back an owner reads its item's views day by day. */
export const VIEW_DAYS = 30;

/** What an item's owner learns of the interest in it: counts, never who. */
export interface ItemViewStats {
  /** Organisations other than the owner that read the item, ever (anonymous visitors are not counted). */
  organizations: number;
  /** Of them, those that read it in the last VIEW_DAYS days (today included). */
  organizationsRecently: number;
  /** People who keep it bookmarked (收藏). */
  bookmarks: number;
  /** Each of the last VIEW_DAYS days with any view, oldest first: how many organisations read it that day. */
  days: Array<{ day: string; organizations: number }>;
}

/** 浏览量: which organisations read an item, by day, so its owner sees whether it draws interest. */
@Injectable()
export class ItemViews {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kinds: CatalogKinds,
  ) {}

  /** Counts a read by the organisation the caller acts for, once a day; the owner's own reads and anonymous ones are not counted. */
  async record(actor: Actor | null, kind: CatalogKind, item: Pick<CatalogItem, 'id' | 'organizationId'>): Promise<void> {
    const organizationId = actor && onBehalfOf(actor);
    if (!organizationId || ownsItem(actor, item)) return;
    await this.dataSource.query(`INSERT INTO item_views (item_kind, item_id, day, organization_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
      kind,
      item.id,
      todayInChina(),
      organizationId,
    ]);
  }

  /** For the item's owner (and admins); others who see the item get a 403. */
  async stats(actor: Actor, kind: CatalogKind, id: string): Promise<ItemViewStats> {
    const { item } = await this.kinds.of(kind).get(actor, id);
    if (!ownsItem(actor, item)) throw new ForbiddenError('not_owner', `only the owner reads how much this ${kind} is read`);
    const since = addDays(todayInChina(), -(VIEW_DAYS - 1));
    const [[totals], days] = await Promise.all([
      this.dataSource.query<Array<{ organizations: number; recently: number; bookmarks: number }>>(
        `SELECT count(DISTINCT organization_id)::int AS organizations, count(DISTINCT organization_id) FILTER (WHERE day >= $3)::int AS recently,
                (SELECT count(*)::int FROM bookmarks b WHERE b.item_kind = $1 AND b.item_id = $2) AS bookmarks
           FROM item_views WHERE item_kind = $1 AND item_id = $2`,
        [kind, id, since],
      ),
      this.dataSource.query<Array<{ day: string; organizations: number }>>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, count(*)::int AS organizations FROM item_views WHERE item_kind = $1 AND item_id = $2 AND day >= $3 GROUP BY day ORDER BY day`,
        [kind, id, since],
      ),
    ]);
    return { organizations: totals!.organizations, organizationsRecently: totals!.recently, bookmarks: totals!.bookmarks, days };
  }
}
