import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import {
  type Actor,
  Attachment,
  ATTACHMENT_MAX_BYTES,
  type AttachmentKind,
  ATTACHMENTS_PER_ITEM,
  ConflictError,
  editsOrganizationProfile,
  ForbiddenError,
  NotFoundError,
  Organization,
  seesMembers,
} from '@techbridge/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogKinds } from '../catalog-kinds';
import { assertAttachment, attachmentFileName, cleanFileName, sniffContentType } from './attachment-rules';

export interface UploadedAttachment {
  originalName: string;
  content: Buffer;
}

/** A kind of thing documents hang on, and who reads and changes its documents. */
export interface AttachmentHolder {
  kind: AttachmentKind;
  /** Its name in the audit trail (`<resource>.attach`, `<resource>.detach`). */
  resource: string;
  /** Resolves when the caller reads the holder in full; throws (404 when it may not see it at all) otherwise. */
  assertReadable(actor: Actor | null, id: string): Promise<void>;
  /** Locks the holder for a change of its documents by the caller, or throws; answers the organisation that owns them. */
  forChange(manager: EntityManager, actor: Actor, id: string, change: 'add' | 'remove'): Promise<{ organizationId: string }>;
  /** Documents shared by two organisations: each removes only those it added. */
  removedByUploaderOnly?: boolean;
  /** Runs in the upload's transaction once the document is stored (to tell someone of it). */
  attached?(manager: EntityManager, actor: Actor, id: string, attachment: Attachment): Promise<void>;
}

/**
 * 附件: documents of demands and achievements, of organisations (for their verification) and, registered
 * by their libs, of 揭榜 applications and deals.
 * Listed and downloaded by whoever reads their holder in full (a download by id of one the caller
 * may not read is a 404 like an unknown one); added and removed as the holder allows, at most
 * ATTACHMENTS_PER_ITEM each, every change audited.
 */
@Injectable()
export class AttachmentsService {
  private readonly holders = new Map<AttachmentKind, AttachmentHolder>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    kinds: CatalogKinds,
    private readonly audit: AuditLog,
  ) {
    for (const kind of ['demand', 'achievement'] as const) {
      this.register({
        kind,
        resource: kind,
        assertReadable: async (actor, id) => {
          const { access } = await kinds.of(kind).get(actor, id);
          if (access !== 'full') throw new ForbiddenError('not_disclosed', 'attachments are details of this confidential item: ask its owner to disclose them (POST …/disclosure-requests)');
        },
        // The item's owner (its members and brokers, or an admin), while it is not archived.
        forChange: (manager, actor, id) => kinds.of(kind).forChange(manager, actor, id),
      });
    }
    // 认证材料 (a 营业执照, an 事业单位法人证书) for the admins who verify the organisation: its own people (brokers serving it included) and the platform admins read them; its owners and admins, its brokers and the platform admins change them.
    this.register({
      kind: 'organization',
      resource: 'organization',
      assertReadable: async (actor, id) => {
        if (!actor || !seesMembers(actor, id)) throw new NotFoundError('organization', id);
      },
      forChange: async (manager, actor, id) => {
        if (!seesMembers(actor, id)) throw new NotFoundError('organization', id);
        if (!editsOrganizationProfile(actor, id)) throw new ForbiddenError('not_organization_admin', 'only the organisation’s owners and admins change its documents');
        const org = await manager.findOne(Organization, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!org) throw new NotFoundError('organization', id);
        return { organizationId: id };
      },
    });
  }

  register(holder: AttachmentHolder): void {
    this.holders.set(holder.kind, holder);
  }

  async list(actor: Actor | null, kind: AttachmentKind, itemId: string): Promise<Attachment[]> {
    await this.holder(kind).assertReadable(actor, itemId);
    return this.dataSource.getRepository(Attachment).find({ where: { itemKind: kind, itemId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async add(actor: Actor, kind: AttachmentKind, itemId: string, file: UploadedAttachment): Promise<Attachment> {
    const given = cleanFileName(file.originalName);
    assertAttachment(file.content, given, ATTACHMENT_MAX_BYTES);
    // The name's extension fits the content (one that does not is refused above); none gets the type's.
    const contentType = sniffContentType(file.content, given)!;
    const fileName = attachmentFileName(given, contentType);
    return this.dataSource.transaction(async (manager) => {
      // The holder's row lock also serialises concurrent uploads against the limit.
      const holder = this.holder(kind);
      const { organizationId } = await holder.forChange(manager, actor, itemId, 'add');
      if ((await manager.countBy(Attachment, { itemKind: kind, itemId })) >= ATTACHMENTS_PER_ITEM) {
        throw new ConflictError('too_many_attachments', `at most ${ATTACHMENTS_PER_ITEM} attachments are kept; remove one first`);
      }
      const { content } = file;
      const saved = await manager.save(
        manager.create(Attachment, {
          itemKind: kind,
          itemId,
          organizationId,
          fileName,
          contentType,
          size: content.length,
          sha256: createHash('sha256').update(content).digest('hex'),
          content,
          uploadedBy: actor.userId,
        }),
      );
      await this.audit.record(manager, actor, { action: `${holder.resource}.attach`, resourceType: holder.resource, resourceId: itemId, organizationId, details: { attachmentId: saved.id, fileName, size: saved.size } });
      await holder.attached?.(manager, actor, itemId, saved);
      delete saved.content;
      return saved;
    });
  }

  /** The attachment with its content, for a caller who reads its holder in full. */
  async download(actor: Actor | null, id: string): Promise<Attachment & { content: Buffer }> {
    const attachment = await this.dataSource.getRepository(Attachment).createQueryBuilder('a').addSelect('a.content').where('a.id = :id', { id }).getOne();
    if (!attachment) throw new NotFoundError('attachment', id);
    await this.holder(attachment.itemKind)
      .assertReadable(actor, attachment.itemId)
      .catch((err: unknown) => {
        throw err instanceof NotFoundError || err instanceof ForbiddenError ? new NotFoundError('attachment', id) : err;
      });
    return attachment as Attachment & { content: Buffer };
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const attachment = await manager.findOneBy(Attachment, { id });
      if (!attachment) throw new NotFoundError('attachment', id);
      const holder = this.holder(attachment.itemKind);
      const { organizationId } = await holder
        .forChange(manager, actor, attachment.itemId, 'remove')
        .catch((err: unknown) => {
          throw err instanceof NotFoundError ? new NotFoundError('attachment', id) : err;
        });
      if (holder.removedByUploaderOnly && attachment.organizationId !== organizationId) {
        throw new ForbiddenError('not_uploader', 'a shared document is removed by the side that added it');
      }
      await manager.delete(Attachment, { id });
      const { itemId, fileName } = attachment;
      await this.audit.record(manager, actor, { action: `${holder.resource}.detach`, resourceType: holder.resource, resourceId: itemId, organizationId, details: { attachmentId: id, fileName } });
    });
  }

  private holder(kind: AttachmentKind): AttachmentHolder {
    const holder = this.holders.get(kind);
    if (!holder) throw new Error(`no attachment holder registered for ${kind}`);
    return holder;
  }
}
