import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { type Actor, Attachment, ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_ITEM, type CatalogKind, ConflictError, ForbiddenError, NotFoundError } from '@techbridge/domain';
import { DataSource } from 'typeorm';
import { CatalogKinds } from '../catalog-kinds';
import { assertAttachment, cleanFileName, sniffContentType } from './attachment-rules';

export interface UploadedAttachment {
  originalName: string;
  content: Buffer;
}

/**
 * 附件 of demands and achievements. They are details of their item: listed and downloaded by
 * whoever reads it in full (an undisclosed confidential item's are not, and a download by id of one
 * the caller may not read is a 404 like an unknown one); added and removed by its owner (or a broker
 * serving it, or an admin) while it is not archived.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kinds: CatalogKinds,
    private readonly audit: AuditLog,
  ) {}

  async list(actor: Actor | null, kind: CatalogKind, itemId: string): Promise<Attachment[]> {
    await this.assertReadable(actor, kind, itemId);
    return this.dataSource.getRepository(Attachment).find({ where: { itemKind: kind, itemId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async add(actor: Actor, kind: CatalogKind, itemId: string, file: UploadedAttachment): Promise<Attachment> {
    const fileName = cleanFileName(file.originalName);
    assertAttachment(file.content, fileName, ATTACHMENT_MAX_BYTES);
    return this.dataSource.transaction(async (manager) => {
      // The item's row lock also serialises concurrent uploads against the per-item limit.
      const item = await this.kinds.of(kind).forChange(manager, actor, itemId);
      if ((await manager.countBy(Attachment, { itemKind: kind, itemId })) >= ATTACHMENTS_PER_ITEM) {
        throw new ConflictError('too_many_attachments', `an item keeps at most ${ATTACHMENTS_PER_ITEM} attachments; remove one first`);
      }
      const { content } = file;
      const saved = await manager.save(
        manager.create(Attachment, {
          itemKind: kind,
          itemId,
          organizationId: item.organizationId,
          fileName,
          contentType: sniffContentType(content, fileName)!,
          size: content.length,
          sha256: createHash('sha256').update(content).digest('hex'),
          content,
          uploadedBy: actor.userId,
        }),
      );
      await this.audit.record(manager, actor, { action: `${kind}.attach`, resourceType: kind, resourceId: itemId, organizationId: item.organizationId, details: { attachmentId: saved.id, fileName, size: saved.size } });
      delete saved.content;
      return saved;
    });
  }

  /** The attachment with its content, for a caller who reads its item in full. */
  async download(actor: Actor | null, id: string): Promise<Attachment & { content: Buffer }> {
    const attachment = await this.dataSource.getRepository(Attachment).createQueryBuilder('a').addSelect('a.content').where('a.id = :id', { id }).getOne();
    if (!attachment) throw new NotFoundError('attachment', id);
    await this.assertReadable(actor, attachment.itemKind, attachment.itemId).catch((err: unknown) => {
      throw err instanceof NotFoundError || err instanceof ForbiddenError ? new NotFoundError('attachment', id) : err;
    });
    return attachment as Attachment & { content: Buffer };
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const attachment = await manager.findOneBy(Attachment, { id });
      if (!attachment) throw new NotFoundError('attachment', id);
      const item = await this.kinds
        .of(attachment.itemKind)
        .forChange(manager, actor, attachment.itemId)
        .catch((err: unknown) => {
          throw err instanceof NotFoundError ? new NotFoundError('attachment', id) : err;
        });
      await manager.delete(Attachment, { id });
      await this.audit.record(manager, actor, {
        action: `${attachment.itemKind}.detach`,
        resourceType: attachment.itemKind,
        resourceId: attachment.itemId,
        organizationId: item.organizationId,
        details: { attachmentId: id, fileName: attachment.fileName },
      });
    });
  }

  private async assertReadable(actor: Actor | null, kind: CatalogKind, itemId: string): Promise<void> {
    const { access } = await this.kinds.of(kind).get(actor, itemId);
    if (access !== 'full') {
      throw new ForbiddenError('not_disclosed', 'attachments are details of this confidential item: ask its owner to disclose them (POST …/disclosure-requests)');
    }
  }
}
