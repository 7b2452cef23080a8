import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog, RateLimiter } from '@techbridge/accounts';
import { CatalogKinds } from '@techbridge/catalog';
import { pageOf, type PageRequest } from '@techbridge/database';
import { type Actor, InvalidStateError, MatchMessage, Organization, ownOrganizations, User, ValidationError } from '@techbridge/domain';
import { DataSource, In } from 'typeorm';
import { type MatchInView, matchForViewer } from './match-access';
import { clearMessageNotices, noticeOfMessage } from './match-notices';
import { MatchesService } from './matches.service';

/** Messages one person may write in an hour, across all matches: enough for any conversation, not for a flood. */
export const MESSAGES_PER_HOUR = 60;

/** A message as one side of its match reads it. */
export interface MatchMessageSeen {
  message: MatchMessage;
  /** Written by the reader's side. */
  mine: boolean;
  /** Who wrote it: always for one's own side; for the other side only when its item is readable in full (a confidential owner not disclosed stays unnamed). */
  author: { displayName: string; organizationName: string } | null;
}

/**
 * 对接留言: the two sides of a match write to each other through the platform, so an enterprise
 * can reach a confidential item's owner, or be reached, without either learning more of the other
 * than the match shows. Writing to a suggested match contacts it (one step, one notice); a
 * dismissed match takes no messages until restored. Reading marks the other side's messages read.
 * Admins may read a conversation (complaints, moderation), which is audited, but neither write nor mark it read.
 */
@Injectable()
export class MatchMessages {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kinds: CatalogKinds,
    private readonly matches: MatchesService,
    private readonly audit: AuditLog,
    private readonly limiter: RateLimiter,
  ) {}

  /** Oldest first, as a conversation reads. */
  async list(actor: Actor, matchId: string, page: PageRequest): Promise<{ items: MatchMessageSeen[]; total: number }> {
    const found = await matchForViewer(this.dataSource.manager, this.kinds, actor, matchId, { write: false });
    const qb = this.dataSource.getRepository(MatchMessage).createQueryBuilder('m').where('m.match_id = :matchId', { matchId }).orderBy('m.created_at', 'ASC').addOrderBy('m.id', 'ASC');
    const { items, total } = await pageOf(qb, page);
    if (ownOrganizations(actor).includes(found.organizationId)) {
      await this.markRead(found, items);
    } else {
      // Someone outside both sides (an admin) read a private conversation: that is on the record.
      await this.audit.record(this.dataSource.manager, actor, { action: 'match.messages.read', resourceType: 'match', resourceId: matchId, organizationId: found.organizationId });
    }
    return { items: await this.seen(found, items), total };
  }

  /**
   * Marks read the other side's messages on the page just read (not those on pages not fetched);
   * once none is left unread, the notice of new messages is done with too, so the next message
   * gives a new one.
   */
  private async markRead(found: MatchInView, page: MatchMessage[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const fresh = page.filter((m) => m.side !== found.side && !m.readAt);
      if (fresh.length) {
        await manager.query(`UPDATE match_messages SET read_at = now() WHERE id = ANY($1::uuid[]) AND read_at IS NULL`, [fresh.map((m) => m.id)]);
        for (const message of fresh) message.readAt = new Date();
      }
      const unread = await manager.query(`SELECT 1 FROM match_messages WHERE match_id = $1 AND side <> $2 AND read_at IS NULL LIMIT 1`, [found.match.id, found.side]);
      if (!unread.length) await clearMessageNotices(manager, found.organizationId, found.match.id);
    });
  }

  async post(actor: Actor, matchId: string, text: string): Promise<MatchMessageSeen> {
    const body = text.trim();
    if (!body) throw ValidationError.of('body', 'isNotEmpty', 'body must not be blank');
    const { found, message } = await this.dataSource.transaction(async (manager) => {
      const found = await matchForViewer(manager, this.kinds, actor, matchId, { write: true });
      if (found.match.state === 'dismissed') throw new InvalidStateError('dismissed', 'message', undefined, 'this match was dismissed; restore it before writing to the other side');
      // Counted once the message may be written: a refused one (a match the caller may not write on) spends none of the allowance.
      await this.limiter.consume(`match-message:user:${actor.userId}`, MESSAGES_PER_HOUR, 3600, `at most ${MESSAGES_PER_HOUR} messages an hour; try again later`, manager);
      const firstContact = found.match.state === 'suggested';
      if (firstContact) found.match = await this.matches.step(manager, actor, found, 'contact', { notice: false });
      const message = await manager.save(manager.create(MatchMessage, { matchId, side: found.side, organizationId: found.organizationId, authorUserId: actor.userId, body }));
      await this.audit.record(manager, actor, { action: 'match.message', resourceType: 'match', resourceId: matchId, organizationId: found.organizationId, details: { side: found.side, messageId: message.id } });
      await noticeOfMessage(manager, {
        match: found.match,
        mover: await this.matches.moverOf(manager, found),
        recipientOrganizationId: found.counterpartOrganizationId,
        recipientItemTitle: found.counterpart.record.item.title,
        text: body,
        firstContact,
      });
      return { found, message };
    });
    // Read after the commit, on the pool: inside, a second connection per request could exhaust it.
    return (await this.seen(found, [message]))[0]!;
  }

  private async seen(found: MatchInView, messages: MatchMessage[]): Promise<MatchMessageSeen[]> {
    const authors = new Set(messages.map((m) => m.authorUserId));
    const orgs = new Set(messages.map((m) => m.organizationId));
    const [users, organizations] = await Promise.all([
      authors.size ? this.dataSource.getRepository(User).findBy({ id: In([...authors]) }) : [],
      orgs.size ? this.dataSource.getRepository(Organization).findBy({ id: In([...orgs]) }) : [],
    ]);
    const name = new Map(users.map((u) => [u.id, u.displayName]));
    const orgName = new Map(organizations.map((o) => [o.id, o.name]));
    const otherNamed = found.counterpart.record.access === 'full';
    return messages.map((message) => {
      const mine = message.side === found.side;
      const author = mine || otherNamed ? { displayName: name.get(message.authorUserId) ?? '', organizationName: orgName.get(message.organizationId) ?? '' } : null;
      return { message, mine, author };
    });
  }
}
