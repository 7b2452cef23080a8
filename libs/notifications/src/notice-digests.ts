import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Notification, Organization, User } from '@techbridge/domain';
import { DIGEST_MAX_LISTED, Mailer, noticeDigestMail } from '@techbridge/mail';
import { DataSource, type EntityManager } from 'typeorm';
import { NOTICE_WRITE_LOCK } from './notify';

const BATCH = 500;
/**
 * How long a digest waits for notices being written to be committed. Notice writers queue behind
 * the digest meanwhile, so this bounds their wait; past it the job fails and is retried.
 */
const HORIZON_LOCK_TIMEOUT = '10s';

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
 *
 * That moment must leave no notice behind: one stamped before it but committed after the digest
 * read would never be mailed, the next digest starting after it. So notices are stamped when
 * written, holding NOTICE_WRITE_LOCK shared until committed (see notify), and the moment is read
 * from the database's clock holding that lock exclusively: every notice stamped up to then has
 * been committed (or rolled back), and every later one is stamped after it.
 */
@Injectable()
export class NoticeDigests {
  private readonly logger = new Logger('NoticeDigests');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
  ) {}

  async send(): Promise<{ mailed: number }> {
    if (!this.mailer.enabled) return { mailed: 0 };
    const until = await this.horizon();
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

  /** The moment this digest covers up to: no notice stamped before it is still uncommitted (see above). */
  private horizon(): Promise<Date> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL lock_timeout = '${HORIZON_LOCK_TIMEOUT}'`);
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [NOTICE_WRITE_LOCK]);
      // To the millisecond, down, as a JS Date holds it: a notice in the part cut off waits for the next digest.
      const [{ until }]: Array<{ until: Date }> = await manager.query(`SELECT date_trunc('milliseconds', clock_timestamp()) AS until`);
      return until;
    });
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
