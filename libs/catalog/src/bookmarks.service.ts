import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { pageOf, type PageRequest } from '@techbridge/database';
import { type Actor, Bookmark, BOOKMARKS_PER_USER, type CatalogKind, ConflictError, NotFoundError } from '@techbridge/domain';
import { DataSource } from 'typeorm';
import { CatalogKinds } from './catalog-kinds';
import type { CatalogRecord } from './catalog-items';

/** A bookmark with its item as the person may read it now; null once the item is gone from their sight (archived, made a draft). */
export interface BookmarkRecord {
  bookmark: Bookmark;
  record: CatalogRecord<never> | null;
}

/** 收藏: each person's own list of demands and achievements to come back to, newest first. */
@Injectable()
export class BookmarksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kinds: CatalogKinds,
  ) {}

  /** Keeps an item the caller can see; keeping it again changes nothing. */
  async add(actor: Actor, kind: CatalogKind, itemId: string): Promise<BookmarkRecord> {
    const record = await this.kinds.of(kind).get(actor, itemId);
    return this.dataSource.transaction(async (manager) => {
      // Serialises one person's bookmarking, so the limit holds.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`techbridge.bookmarks.${actor.userId}`]);
      const existing = await manager.findOneBy(Bookmark, { userId: actor.userId, itemKind: kind, itemId });
      if (existing) return { bookmark: existing, record: record as CatalogRecord<never> };
      if ((await manager.countBy(Bookmark, { userId: actor.userId })) >= BOOKMARKS_PER_USER) {
        throw new ConflictError('too_many_bookmarks', `at most ${BOOKMARKS_PER_USER} bookmarks are kept; remove some first`);
      }
      const bookmark = await manager.save(manager.create(Bookmark, { userId: actor.userId, itemKind: kind, itemId }));
      return { bookmark, record: record as CatalogRecord<never> };
    });
  }

  async remove(actor: Actor, kind: CatalogKind, itemId: string): Promise<void> {
    const removed = await this.dataSource.getRepository(Bookmark).delete({ userId: actor.userId, itemKind: kind, itemId });
    if (!removed.affected) throw new NotFoundError('bookmark', itemId);
  }

  async list(actor: Actor, query: PageRequest & { kind?: CatalogKind }): Promise<{ items: BookmarkRecord[]; total: number }> {
    const qb = this.dataSource.getRepository(Bookmark).createQueryBuilder('b').where('b.user_id = :me', { me: actor.userId }).orderBy('b.created_at', 'DESC').addOrderBy('b.item_id');
    if (query.kind) qb.andWhere('b.item_kind = :kind', { kind: query.kind });
    const { items, total } = await pageOf(qb, query);
    const records = await Promise.all(
      items.map(async (bookmark) => ({
        bookmark,
        // Read as the caller reads it today: a confidential item redacted, one no longer visible left out.
        record: ((await this.kinds.of(bookmark.itemKind).get(actor, bookmark.itemId).catch((err: unknown) => {
          if (err instanceof NotFoundError) return null;
          throw err;
        })) ?? null) as CatalogRecord<never> | null,
      })),
    );
    return { items: records, total };
  }
}
