import { Notification } from '@techbridge/domain';
import type { EntityManager } from 'typeorm';

/** An in-app notice to an organisation: `kind` names what happened (`deal.sign`), `subject` the ids it is about. */
export interface Notice {
  organizationId: string;
  kind: string;
  title: string;
  body: string;
  subject: Record<string, string>;
}

/**
 * Held shared by every transaction that writes notices, from the write to its end; the daily digest
 * takes it exclusively to read the moment it covers up to (see NoticeDigests).
 */
export const NOTICE_WRITE_LOCK = 'techbridge.notice_write';

/**
 * Writes notices inside the caller's transaction: they exist exactly when what they tell of was
 * committed. Each is stamped with the clock when written (not when its transaction began) under
 * NOTICE_WRITE_LOCK, so a notice stamped before a digest's moment has been committed by then.
 */
export async function notify(manager: EntityManager, notices: Notice | readonly Notice[]): Promise<void> {
  const list = Array.isArray(notices) ? notices : [notices as Notice];
  if (!list.length) return;
  // The lock must last until the notices are committed: outside a transaction, open one.
  if (!manager.queryRunner?.isTransactionActive) return manager.transaction((inTransaction) => notify(inTransaction, list));
  await manager.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [NOTICE_WRITE_LOCK]);
  await manager.insert(Notification, list.map((n) => ({ ...n, createdAt: () => 'clock_timestamp()' })));
}

/**
 * Writes each notice unless its organisation already has one of the same kind whose subject holds
 * `key(notice)` (by default its whole subject), and only one per organisation and key among
 * `notices`: reminders that go once however often their job runs. Returns the notices written.
 */
export async function notifyOnce(manager: EntityManager, notices: readonly Notice[], key: (notice: Notice) => Record<string, string> = (n) => n.subject): Promise<Notice[]> {
  const fresh: Notice[] = [];
  const seen = new Set<string>();
  for (const notice of notices) {
    const k = JSON.stringify(key(notice));
    const mark = `${notice.organizationId} ${notice.kind} ${k}`;
    if (seen.has(mark)) continue;
    seen.add(mark);
    const sent: unknown[] = await manager.query(`SELECT 1 FROM notifications WHERE organization_id = $1 AND kind = $2 AND subject @> $3::jsonb LIMIT 1`, [notice.organizationId, notice.kind, k]);
    if (!sent.length) fresh.push(notice);
  }
  await notify(manager, fresh);
  return fresh;
}
