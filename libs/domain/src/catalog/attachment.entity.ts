import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CatalogKind } from './disclosure.entity';

/** What documents hang on: catalogue items, 揭榜 applications (申报材料), organisations (认证材料 such as a 营业执照), deals (the signed contract, its 登记 certificate). */
export type AttachmentKind = CatalogKind | 'application' | 'organization' | 'deal' | 'match';

/** The largest file one attachment may be, and how many an item keeps. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENTS_PER_ITEM = 10;

/**
 * 附件: a document of a demand or achievement (a brochure, a test report, a patent certificate),
 * or of a 揭榜 application (申报书). It is part of what it hangs on: whoever reads that in full
 * reads it, and no one else. The content lives in PostgreSQL with the rest, so backups, replicas and transactions cover it.
 */
@Entity('attachments')
@Index('IDX_attachments_item', ['itemKind', 'itemId', 'createdAt'])
export class Attachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'item_kind', type: 'varchar', length: 16 })
  itemKind: AttachmentKind;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  /** As uploaded, cleaned of path parts and control characters. */
  @Column({ name: 'file_name', type: 'varchar', length: 200 })
  fileName: string;

  /** Read from the content, not taken from the client. */
  @Column({ name: 'content_type', type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'int' })
  size: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  content?: Buffer;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
