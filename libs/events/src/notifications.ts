import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, Notification, NotFoundError } from '@techbridge/domain';
import { DataSource, In, IsNull } from 'typeorm';

/**
 * Where e-mail about events would go. Off by default: the platform has no mail transport yet, so
 * this adapter only logs; a real one replaces the provider. In-app notifications are the record.
 */
@Injectable()
export class EmailAdapter {
  private readonly logger = new Logger('EventEmail');
  readonly enabled: boolean = false;

  async notifyOrganization(organizationId: string, title: string, _body: string): Promise<void> {
    if (!this.enabled) return;
    this.logger.log(`would e-mail organisation ${organizationId}: ${title}`);
  }

  /** An organizer invited this address to the event (its organisation is not on the platform yet). */
  async inviteToEvent(email: string, eventId: string, eventTitle: string): Promise<void> {
    if (!this.enabled) return;
    this.logger.log(`would invite ${email} to event ${eventId} (${eventTitle})`);
  }
}

/** In-app notifications of the organisations the caller speaks for. */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(actor: Actor, page: number, pageSize: number, unreadOnly = false): Promise<{ items: Notification[]; total: number }> {
    const orgs = organizationsOf(actor);
    if (!orgs.length) return { items: [], total: 0 };
    const [items, total] = await this.dataSource.getRepository(Notification).findAndCount({
      where: { organizationId: In(orgs), ...(unreadOnly ? { readAt: IsNull() } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }

  /** Marks one notice read (for its whole organisation); another organisation's notice is a 404. */
  async markRead(actor: Actor, id: string): Promise<Notification> {
    const notice = await this.dataSource.getRepository(Notification).findOneBy({ id, organizationId: In(organizationsOf(actor)) });
    if (!notice) throw new NotFoundError('notification', id);
    if (!notice.readAt) {
      notice.readAt = new Date();
      await this.dataSource.getRepository(Notification).update({ id }, { readAt: notice.readAt });
    }
    return notice;
  }
}

/** The organisations whose notices a caller reads: its own, and those it serves as a broker. */
const organizationsOf = (actor: Actor): string[] => [...new Set([actor.organizationId, ...(actor.roles.includes('broker') ? actor.brokerFor : [])].filter((o): o is string => !!o))];
