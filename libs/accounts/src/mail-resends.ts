import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, ConflictError, InvalidStateError, MailMessage, NotFoundError, ServiceUnavailableError } from '@techbridge/domain';
import { Mailer, type MailSelection } from '@techbridge/mail';
import { DataSource } from 'typeorm';
import { AuditLog } from './audit-log';

/**
 * After a mail server was down longer than the retries last (about 40 minutes), administrators
 * send what failed again: one mail, or every failed one of a kind, recipient or period. A mail
 * that held a token (an invitation, a reset) kept no body: its issuer issues a new one.
 */
@Injectable()
export class MailResends {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    private readonly audit: AuditLog,
  ) {}

  async resendOne(actor: Actor, id: string): Promise<MailMessage> {
    this.assertEnabled();
    return this.dataSource.transaction(async (manager) => {
      const mail = await manager.getRepository(MailMessage).createQueryBuilder('m').addSelect('m.body').setLock('pessimistic_write').where('m.id = :id', { id }).getOne();
      if (!mail) throw new NotFoundError('mail', id);
      if (mail.status !== 'failed') throw new InvalidStateError(mail.status, 'resend', 'queued', `only failed mail is sent again; this one is ${mail.status}`);
      if (mail.body == null) throw new ConflictError('body_discarded', 'this mail held a token and was not kept: issue a new invitation or password reset instead');
      await this.mailer.resend(manager, { id });
      await this.audit.record(manager, actor, { action: 'mail.resend', resourceType: 'mail', resourceId: id, details: { kind: mail.kind } });
      return manager.findOneByOrFail(MailMessage, { id });
    });
  }

  async resendFailed(actor: Actor, where: Omit<MailSelection, 'id'>): Promise<{ resent: number; discarded: number }> {
    this.assertEnabled();
    return this.dataSource.transaction(async (manager) => {
      const resent = (await this.mailer.resend(manager, where)).length;
      const discarded = await this.mailer.discarded(manager, where);
      await this.audit.record(manager, actor, { action: 'mail.resend_failed', resourceType: 'mail', details: { ...where, resent, discarded } });
      return { resent, discarded };
    });
  }

  private assertEnabled(): void {
    if (!this.mailer.enabled) throw new ServiceUnavailableError('mail_disabled', 'this platform sends no e-mail now (MAIL_URL is not set)');
  }
}
