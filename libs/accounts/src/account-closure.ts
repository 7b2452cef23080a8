import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, ConflictError, User } from '@techbridge/domain';
import { DataSource, Not } from 'typeorm';
import { ActorCache } from './actor-cache';
import { AuditLog } from './audit-log';
import { hashPassword } from './passwords';
import { assertAnotherActiveAdmin, isActiveAdmin, lockPlatformAdmins } from './platform-admins';
import { confirmPassword } from './sign-in-failures';

/** What a closed account is called wherever its work is still shown. */
export const CLOSED_ACCOUNT_NAME = '已注销用户';

/**
 * 注销账号 (PIPL art. 47): the user closes their own account. It can no longer sign in, its e-mail
 * address is released (they may sign up again with it), and what identifies them as a person
 * goes: name, sign-in history with its addresses and devices, mail, expert entry, broker and
 * platform roles. What they did for their organisation stays, attributed to a closed account,
 * as does the audit trail the law requires a platform to keep.
 */
@Injectable()
export class AccountClosure {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly actors: ActorCache,
  ) {}

  async close(actor: Actor, password: string): Promise<void> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId });
    await confirmPassword(this.dataSource, user, password, 'password', 'the password is wrong');
    const unusable = await hashPassword(randomBytes(32).toString('base64url'));
    await this.dataSource.transaction(async (manager) => {
      // Before the row lock, as every change that may take an admin away does (see lockPlatformAdmins).
      await lockPlatformAdmins(manager);
      const locked = await manager.findOneOrFail(User, { where: { id: user.id }, lock: { mode: 'pessimistic_write' } });
      if (locked.memberRole === 'owner' && locked.organizationId && (await manager.existsBy(User, { organizationId: locked.organizationId, active: true, id: Not(locked.id) }))) {
        throw new ConflictError('transfer_ownership_first', 'hand the organisation to another member first (make them owner), then close the account');
      }
      if (isActiveAdmin(locked)) await assertAnotherActiveAdmin(manager, locked.id, 'the platform needs another active admin before its last one closes their account');
      await this.audit.record(manager, actor, { action: 'account.close', resourceType: 'user', resourceId: locked.id, organizationId: locked.organizationId });
      // Deleting the refresh tokens ends every session too: an access token needs its session's row.
      for (const sql of [
        `DELETE FROM refresh_tokens WHERE user_id = $1`,
        `DELETE FROM password_resets WHERE user_id = $1`,
        `DELETE FROM expert_profiles WHERE user_id = $1`,
        `DELETE FROM bookmarks WHERE user_id = $1`,
        `DELETE FROM broker_assignments WHERE broker_user_id = $1`,
      ]) {
        await manager.query(sql, [locked.id]);
      }
      // Mail to them, also what reached their address before they had an account (an invitation).
      await manager.query(`DELETE FROM mail_messages WHERE user_id = $1 OR recipient = $2`, [locked.id, locked.email]);
      await manager.update(User, { id: locked.id }, {
        active: false,
        email: `closed-${locked.id}@closed.invalid`,
        displayName: CLOSED_ACCOUNT_NAME,
        passwordHash: unusable,
        platformRoles: [],
        noticeDigest: false,
        noticeDigestSince: null,
        lastLoginAt: null,
      });
    });
    this.actors.forgetUser(user.id);
  }
}
