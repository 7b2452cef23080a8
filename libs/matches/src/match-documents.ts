import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog, RateLimiter } from '@techbridge/accounts';
import { AttachmentsService, CatalogKinds, type UploadedAttachment } from '@techbridge/catalog';
import { type Actor, Attachment, ATTACHMENTS_PER_ITEM, InvalidStateError, NotFoundError, ownOrganizations } from '@techbridge/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { type MatchInView, matchForViewer } from './match-access';
import { noticeOfDocument } from './match-notices';
import { MatchesService } from './matches.service';

/** Documents one person may share in an hour, across all matches: a proposal round's worth, not a flood of 10 MB files. */
export const DOCUMENTS_PER_HOUR = 30;

/** A shared document as one side of its match reads it. */
export interface MatchDocumentSeen {
  attachment: Attachment;
  /** Added by the reader's side (which alone may remove it). */
  mine: boolean;
}

/**
 * 对接资料: documents the two sides of a match share beside their messages (a 保密协议, a technical
 * proposal, a quotation, test reports). Either side adds them while the match is not dismissed (adding
 * to a suggested match contacts it, as a message does), at most 10 per match and DOCUMENTS_PER_HOUR
 * an hour per person; each side removes only its own. Both sides read them all without learning more
 * of the other than the match shows: a document carries no uploader, only whether it is the reader's
 * side's. The other side is told of each. Admins may read them (complaints, moderation), which is
 * audited, but not add or remove any.
 */
@Injectable()
export class MatchDocuments {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kinds: CatalogKinds,
    private readonly matches: MatchesService,
    private readonly audit: AuditLog,
    private readonly attachments: AttachmentsService,
    private readonly limiter: RateLimiter,
  ) {
    attachments.register({
      kind: 'match',
      resource: 'match',
      removedByUploaderOnly: true,
      assertReadable: async (actor, id) => {
        if (!actor) throw new NotFoundError('match', id);
        await this.readable(this.dataSource.manager, actor, id);
      },
      forChange: async (manager, actor, id, change) => {
        const found = await matchForViewer(manager, this.kinds, actor, id, { write: true, retracting: change === 'remove' });
        // Nothing new goes to a side that dismissed the match; what a side shared, it may still take back.
        if (change === 'add' && found.match.state === 'dismissed') throw new InvalidStateError('dismissed', 'share documents', undefined, 'this match was dismissed; restore it before sharing documents with the other side');
        // Counted only for an upload that will be kept (file accepted before this runs, caller may share here, not one too many): a refused one spends none of the allowance.
        if (change === 'add' && (await manager.countBy(Attachment, { itemKind: 'match', itemId: id })) < ATTACHMENTS_PER_ITEM) {
          await this.limiter.consume(`match-document:user:${actor.userId}`, DOCUMENTS_PER_HOUR, 3600, `at most ${DOCUMENTS_PER_HOUR} documents an hour; try again later`, manager);
        }
        return { organizationId: found.organizationId };
      },
      attached: async (manager, actor, id, attachment) => {
        const found = await matchForViewer(manager, this.kinds, actor, id, { write: true });
        const firstContact = found.match.state === 'suggested';
        if (firstContact) found.match = await this.matches.step(manager, actor, found, 'contact', { notice: false });
        await noticeOfDocument(manager, {
          match: found.match,
          mover: await this.matches.moverOf(manager, found),
          recipientOrganizationId: found.counterpartOrganizationId,
          recipientItemTitle: found.counterpart.record.item.title,
          fileName: attachment.fileName,
          firstContact,
        });
      },
    });
  }

  /** Oldest first. */
  async list(actor: Actor, matchId: string): Promise<MatchDocumentSeen[]> {
    const found = await this.readable(this.dataSource.manager, actor, matchId);
    const documents = await this.dataSource.getRepository(Attachment).find({ where: { itemKind: 'match', itemId: matchId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return documents.map((attachment) => ({ attachment, mine: attachment.organizationId === found.organizationId }));
  }

  async add(actor: Actor, matchId: string, file: UploadedAttachment): Promise<MatchDocumentSeen> {
    return { attachment: await this.attachments.add(actor, 'match', matchId, file), mine: true };
  }

  /** The match as the caller reads it; a reader outside both sides (an admin) is on the record. */
  private async readable(manager: EntityManager, actor: Actor, matchId: string): Promise<MatchInView> {
    const found = await matchForViewer(manager, this.kinds, actor, matchId, { write: false });
    if (!ownOrganizations(actor).includes(found.organizationId)) {
      await this.audit.record(manager, actor, { action: 'match.documents.read', resourceType: 'match', resourceId: matchId, organizationId: found.organizationId });
    }
    return found;
  }
}
