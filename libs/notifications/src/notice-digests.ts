import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Notification, Organization, User } from '@techbridge/domain';
import { DIGEST_MAX_LISTED, Mailer, noticeDigestMail } from '@techbridge/mail';
import { DataSource, type EntityManager } from 'typeorm';

const BATCH = 500;

/** The unread notices of the user's organisation created in (since, until]. */
function pendingNotices(manager: EntityManager, user: User, until: Date) {
  return manager
    .getRepository(Notification)
    .createQueryBuilder('n')
    .where('n.organization_id = :org AND n.read_at IS NULL AND n.created_at > :since AND n.created_at <= :until', { org: user.organizationId, since: user.noticeDigestSince, until })
    .orderBy('n.created_at', 'DESC')
    .addOrderBy('n.id', 'DESC');
}

/**
 * 每日通知邮件: once a day, each user who asked for it gets one e-mail listing their
 * organisation's notices that arrived since the last one and are still unread. Each user's
 * digest is written in its own transaction with the moment it covers up to, so a re-run (a
 * retried job, two workers) mails nothing twice.
 */
@Injectable()
export class NoticeDigests {
  private readonly logger = new Logger('NoticeDigests');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
  ) {}

  async send(until = new Date()): Promise<{ mailed: number }> {
    if (!this.mailer.enabled) return { mailed: 0 };
    let mailed = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const ids: Array<{ id: string }> = await this.dataSource.query(
        `SELECT u.id FROM users u
          WHERE u.notice_digest AND u.active AND u.organization_id IS NOT NULL AND u.id > $2
            AND EXISTS (SELECT 1 FROM notifications n WHERE n.organization_id = u.organization_id AND n.read_at IS NULL
                          AND n.created_at > u.notice_digest_since AND n.created_at <= $1)
          ORDER BY u.id LIMIT ${BATCH}`,
        [until, after],
      );
      for (const { id } of ids) if (await this.sendTo(id, until)) mailed++;
      if (ids.length < BATCH) break;
      after = ids[ids.length - 1]!.id;
    }
    if (mailed) this.logger.log(`notice digests mailed: ${mailed}`);
    return { mailed };
  }

  private sendTo(userId: string, until: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user?.noticeDigest || !user.active || !user.organizationId || !user.noticeDigestSince || user.noticeDigestSince >= until) return false;
      const [notices, total] = await pendingNotices(manager, user, until).take(DIGEST_MAX_LISTED).getManyAndCount();
      if (!total) return false;
      const organization = await manager.findOneByOrFail(Organization, { id: user.organizationId });
      const mail = noticeDigestMail({ publicUrl: this.mailer.publicUrl, displayName: user.displayName, organizationName: organization.name, notices, total });
      await this.mailer.queue(manager, { ...mail, kind: 'notifications.digest', to: user.email, userId: user.id });
      await manager.update(User, { id: user.id }, { noticeDigestSince: until });
      return true;
    });
  }
}
