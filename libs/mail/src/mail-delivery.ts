import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MailMessage } from '@techbridge/domain';
import { AppEnv, redactUrl } from '@techbridge/platform';
import { DataSource } from 'typeorm';
import { RECIPIENT_GONE_SQL } from './mail-recipients';
import { createMailTransport, type MailTransport } from './mail-transport';

/** What one delivery attempt needs to know of its job. */
export interface DeliveryAttempt {
  messageId: string;
  /** No retry follows this attempt when it fails. */
  last: boolean;
}

/**
 * Worker side: sends one queued mail. Delivery is at least once (a crash between the server's
 * acceptance and the status update sends it again), the usual guarantee of e-mail; a mail
 * already sent or given up on is left alone, so a duplicated job sends nothing.
 */
@Injectable()
export class MailDelivery implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private transport: MailTransport | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: AppEnv,
  ) {}

  async send({ messageId, last }: DeliveryAttempt): Promise<'sent' | 'skipped'> {
    const repo = this.dataSource.getRepository(MailMessage);
    const mail = await repo.createQueryBuilder('m').addSelect('m.body').where('m.id = :messageId', { messageId }).getOne();
    if (!mail || mail.status !== 'queued' || mail.body == null) return 'skipped';
    const [{ gone }] = await this.dataSource.query(`SELECT ${RECIPIENT_GONE_SQL} AS gone FROM mail_messages m WHERE m.id = $1`, [messageId]);
    if (gone) {
      await repo.update({ id: messageId, status: 'queued' }, { status: 'failed', failureReason: 'not sent: the recipient was deactivated or left the organisation', finishedAt: new Date(), ...this.blanked(mail) });
      return 'skipped';
    }
    if (!this.env.mailUrl) throw new Error('MAIL_URL is not set on this worker');
    await repo.increment({ id: messageId }, 'attempts', 1);
    try {
      this.transport ??= createMailTransport(this.env.mailUrl, this.env.mailFrom);
      await this.transport.send({ id: mail.id, to: mail.recipient, subject: mail.subject, body: mail.body });
    } catch (err) {
      const error = redactUrl((err as Error).message ?? String(err)).slice(0, 1000);
      await repo.update({ id: messageId }, last ? { lastError: error, status: 'failed', failureReason: `not delivered: ${error}`, finishedAt: new Date(), ...this.blanked(mail) } : { lastError: error });
      this.logger.warn(`mail ${messageId} (${mail.kind}) to ${mail.recipient} not delivered${last ? ', given up' : ', will retry'}: ${error}`);
      throw err;
    }
    await repo.update({ id: messageId, status: 'queued' }, { status: 'sent', sentAt: new Date(), finishedAt: new Date(), ...this.blanked(mail) });
    return 'sent';
  }

  private blanked(mail: MailMessage): Partial<MailMessage> {
    return mail.sensitive ? { body: null } : {};
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
