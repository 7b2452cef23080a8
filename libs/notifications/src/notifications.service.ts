import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, Notification, NotFoundError, ownOrganizations } from '@techbridge/domain';
import { likeLiteral, pageOf } from '@techbridge/database';
import { DataSource, In, IsNull } from 'typeorm';

export interface NotificationQuery {
  unread?: boolean;
  /** What they are about: a kind (`deal.sign`) or its family (`deal`). */
  kind?: string;
  page: number;
  pageSize: number;
}

/** In-app notifications of the organisations the caller speaks for (its own, and those it serves as a broker). */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(actor: Actor, query: NotificationQuery): Promise<{ items: Notification[]; total: number; unread: number }> {
    const orgs = ownOrganizations(actor);
    if (!orgs.length) return { items: [], total: 0, unread: 0 };
    const qb = this.dataSource.getRepository(Notification).createQueryBuilder('n').where('n.organization_id IN (:...orgs)', { orgs });
    if (query.unread) qb.andWhere('n.read_at IS NULL');
    if (query.kind) qb.andWhere('(n.kind = :kind OR n.kind LIKE :family)', { kind: query.kind, family: `${likeLiteral(query.kind)}.%` });
    const [{ items, total }, unread] = await Promise.all([
      pageOf(qb.orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'ASC'), query),
      this.dataSource.getRepository(Notification).countBy({ organizationId: In(orgs), readAt: IsNull() }),
    ]);
    return { items, total, unread };
  }

  /** Marks one notice read (for its whole organisation); another organisation's notice is a 404. */
  async markRead(actor: Actor, id: string): Promise<Notification> {
    const notice = await this.dataSource.getRepository(Notification).findOneBy({ id, organizationId: In(ownOrganizations(actor)) });
    if (!notice) throw new NotFoundError('notification', id);
    if (!notice.readAt) {
      notice.readAt = new Date();
      await this.dataSource.getRepository(Notification).update({ id }, { readAt: notice.readAt });
    }
    return notice;
  }

  /** Marks every unread notice of the caller's organisations read; returns how many were. */
  async markAllRead(actor: Actor): Promise<number> {
    const orgs = ownOrganizations(actor);
    if (!orgs.length) return 0;
    const result = await this.dataSource.getRepository(Notification).update({ organizationId: In(orgs), readAt: IsNull() }, { readAt: new Date() });
    return result.affected ?? 0;
  }
}
