import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MailMessage } from '@techbridge/domain';
import { AppEnv } from '@techbridge/platform';
import { enqueueInTransaction, jobIdFor, StuckWork, stuckWorkJobId } from '@techbridge/queue';
import type { EntityManager } from 'typeorm';
import { RECIPIENT_GONE_SQL } from './mail-recipients';
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
      // A token is not kept for a mail that will not go; other bodies stay, for an administrator to resend.
      clearedOnFailure: { columns: ['body'], when: 'sensitive' },
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

  /**
   * Queues again failed mail that still has its body (one holding a token has none: its issuer
   * issues a new one) and whose recipient may still receive it, inside the caller's transaction;
   * returns the ids queued. Each goes as a
   * fresh round of its tracked work, so the job ids of earlier attempts, kept a while by the
   * queue, swallow nothing, and a lost job is found again by the reconciliation.
   */
  async resend(manager: EntityManager, where: MailSelection): Promise<string[]> {
    const { sql, params } = selection(where);
    const [rows]: [Array<{ id: string; requeue_rounds: number }>, number] = await manager.query(
      `UPDATE mail_messages SET status = 'queued', failure_reason = NULL, finished_at = NULL, requeue_rounds = requeue_rounds + 1, requeued_at = now()
       WHERE id IN (SELECT id FROM mail_messages m WHERE status = 'failed' AND body IS NOT NULL AND NOT ${RECIPIENT_GONE_SQL} ${sql} ORDER BY created_at LIMIT ${RESEND_LIMIT} FOR UPDATE OF m SKIP LOCKED)
       RETURNING id, requeue_rounds`,
      params,
    );
    for (const row of rows) await enqueueInTransaction(manager, 'mail.send', { messageId: row.id }, stuckWorkJobId('mail.send', row.id, row.requeue_rounds));
    return rows.map((r) => r.id);
  }

  /** How many failed mails the selection holds that cannot be resent (their token was discarded). */
  async discarded(manager: EntityManager, where: MailSelection): Promise<number> {
    const { sql, params } = selection(where);
    const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM mail_messages WHERE status = 'failed' AND body IS NULL ${sql}`, params);
    return n;
  }
}

/** Which failed mail to resend: one by id, or every one of a kind, recipient or period. */
export interface MailSelection {
  id?: string;
  kind?: string;
  recipient?: string;
  /** Created at or after. */
  since?: Date;
}

/** At most this many mails are queued again by one request; the rest by the next. */
export const RESEND_LIMIT = 5_000;

function selection(where: MailSelection): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const clause = (column: string, value: unknown) => {
    params.push(value);
    return ` AND ${column} = $${params.length}`;
  };
  let sql = '';
  if (where.id) sql += clause('id', where.id);
  if (where.kind) sql += clause('kind', where.kind);
  if (where.recipient) sql += clause('recipient', where.recipient.trim().toLowerCase());
  if (where.since) {
    params.push(where.since);
    sql += ` AND created_at >= $${params.length}`;
  }
  return { sql, params };
}
