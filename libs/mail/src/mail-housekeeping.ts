import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How long the record of a mail sent or given up on is kept (the admins' mail log reaches this far back). */
export const MAIL_RETENTION_DAYS = 180;

/** Daily: mail_messages would otherwise grow by every invitation, reset and digest forever. Queued mail is never touched. */
@Injectable()
export class MailHousekeeping {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async purge(): Promise<{ deleted: number }> {
    const [, deleted]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM mail_messages WHERE status <> 'queued' AND coalesce(finished_at, created_at) < now() - make_interval(days => $1)`,
      [MAIL_RETENTION_DAYS],
    );
    return { deleted };
  }
}
