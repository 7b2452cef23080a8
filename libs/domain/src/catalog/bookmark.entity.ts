import { CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CatalogKind } from './disclosure.entity';

/** The most items one person keeps bookmarked. */
export const BOOKMARKS_PER_USER = 500;

/** 收藏: a person keeps a demand or achievement to come back to. Personal: no one else sees whose it is; the item's owner reads how many. */
@Entity('bookmarks')
@Index('IDX_bookmarks_user_created', ['userId', 'createdAt'])
// An item's owner reads how many keep it (a count, never who).
@Index('IDX_bookmarks_item', ['itemKind', 'itemId'])
export class Bookmark {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'item_kind', type: 'varchar', length: 16 })
  itemKind: CatalogKind;

  @PrimaryColumn({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
