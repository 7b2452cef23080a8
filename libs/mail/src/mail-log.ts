import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { pageOf, type PageRequest } from '@techbridge/database';
import { MailMessage, type MailStatus } from '@techbridge/domain';
import { DataSource } from 'typeorm';

export interface MailLogQuery extends PageRequest {
  status?: MailStatus;
  recipient?: string;
  kind?: string;
}

/** What the platform mailed and whether it arrived, newest first, for administrators; never the bodies. */
@Injectable()
export class MailLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: MailLogQuery): Promise<{ items: MailMessage[]; total: number }> {
    // The body only tells whether a failed mail can be resent; callers never show it.
    const qb = this.dataSource.getRepository(MailMessage).createQueryBuilder('m').addSelect('m.body').orderBy('m.created_at', 'DESC').addOrderBy('m.id', 'DESC');
    if (query.status) qb.andWhere('m.status = :status', { status: query.status });
    if (query.recipient) qb.andWhere('m.recipient = :recipient', { recipient: query.recipient.trim().toLowerCase() });
    if (query.kind) qb.andWhere('m.kind = :kind', { kind: query.kind });
    return pageOf(qb, query);
  }
}
