import { Entity, PrimaryColumn } from 'typeorm';
import type { CatalogKind } from './disclosure.entity';

/**
 * 浏览: an organisation read a demand or achievement of another on a day (China time). One row per
 * organisation and day, whoever of it read and however often: its owner reads counts, never names.
 */
@Entity('item_views')
export class ItemView {
  @PrimaryColumn({ name: 'item_kind', type: 'varchar', length: 16 })
  itemKind: CatalogKind;

  @PrimaryColumn({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;
}
