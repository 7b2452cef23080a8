import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TrackedWork } from '../tracked-work';

export const MAIL_STATUSES = ['queued', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * One e-mail, written in the transaction of what it tells of and sent by one worker job (the
 * job carries only this id: Redis keeps jobs in clear). A body holding a secret (an invitation
 * or reset token) is blanked once sent or given up on; the row stays as the record of delivery.
 */
@Entity('mail_messages')
@Index('IDX_mail_messages_status', ['status', 'createdAt'])
@Index('IDX_mail_messages_recipient', ['recipient', 'createdAt'])
export class MailMessage extends TrackedWork {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** What the mail is about, e.g. `account.password_reset`, `organization.invitation`. */
  @Column({ type: 'varchar', length: 48 })
  kind: string;

  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  /** The account it went to, when the recipient has one. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 200 })
  subject: string;

  @Column({ type: 'text', nullable: true, select: false })
  body?: string | null;

  @Column({ type: 'boolean', default: false })
  sensitive: boolean;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: MailStatus;

  /** Delivery attempts made (each job try counts one). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
