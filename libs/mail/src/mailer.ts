import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MailMessage } from '@techbridge/domain';
import { AppEnv } from '@techbridge/platform';
import { enqueueInTransaction, jobIdFor, StuckWork } from '@techbridge/queue';
import type { EntityManager } from 'typeorm';
import type { MailContent } from './mail-templates';

export interface MailRequest extends MailContent {
  kind: string;
  to: string;
  userId?: string | null;
  /** The body holds a secret (a token): it is blanked once sent or given up on. */
  sensitive?: boolean;
}

/**
 * Queues e-mail inside the caller's transaction, so a mail exists exactly when what it tells of
 * was committed, and reaches the worker through the outbox even while the queue is down. With
 * no MAIL_URL nothing is written and callers hand their tokens on by hand, as before.
 */
@Injectable()
export class Mailer implements OnModuleInit {
  readonly enabled: boolean;
  readonly publicUrl: string;

  constructor(
    env: AppEnv,
    private readonly stuckWork: StuckWork,
  ) {
    this.enabled = env.mailUrl !== undefined;
    this.publicUrl = env.publicUrl;
  }

  /** A mail whose job was lost is sent again; one BullMQ gave up on is marked failed. */
  onModuleInit(): void {
    this.stuckWork.register({
      jobName: 'mail.send',
      table: 'mail_messages',
      unfinished: ['queued'],
      payload: (row) => ({ messageId: row.id as string }),
      idOf: (data) => data.messageId,
      // Every body, since this path cannot tell which hold a token; a given-up mail is not sent again.
      clearedOnFailure: ['body'],
    });
  }

  /** Resolves with whether a mail was queued (false when mail is off). */
  async queue(manager: EntityManager, mail: MailRequest): Promise<boolean> {
    if (!this.enabled) return false;
    const row = await manager.save(
      manager.create(MailMessage, {
        kind: mail.kind,
        recipient: mail.to,
        userId: mail.userId ?? null,
        subject: mail.subject.slice(0, 200),
        body: mail.body,
        sensitive: mail.sensitive ?? false,
      }),
    );
    await enqueueInTransaction(manager, 'mail.send', { messageId: row.id }, jobIdFor('mail.send', row.id));
    return true;
  }
}
