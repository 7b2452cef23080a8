import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, ConflictError, User } from '@techbridge/domain';
import { DataSource, type EntityManager, Not } from 'typeorm';
import { ActorCache } from './actor-cache';
import { AuditLog } from './audit-log';
import { revokeInvitationsSentBeyondAuthority } from './invitation-authority';
import { hashPassword } from './passwords';
import { assertAnotherActiveAdmin, isActiveAdmin, lockPlatformAdmins } from './platform-admins';
import { confirmPassword } from './sign-in-failures';

/** What a closed account is called wherever its work is still shown. */
export const CLOSED_ACCOUNT_NAME = '已注销用户';

/**
 * 注销账号 (PIPL art. 47): the user closes their own account. It can no longer sign in, nor be
 * reactivated (`closed_at` marks it), its e-mail address is released (they may sign up again with
 * it), and what identifies them as a person goes: name, sign-in history with its addresses and
 * devices, mail, expert entry and review panels, broker and platform roles, invitations still open
 * to the address or sent by them. What they did for their organisation stays, attributed to a
 * closed account (their review scores too), as does the audit trail the law requires a platform to keep.
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
      await this.leaveReviewPanels(manager, actor, locked.id);
      await revokeInvitationsTo(manager, locked.email);
      await manager.update(User, { id: locked.id }, {
        active: false,
        closedAt: new Date(),
        email: `closed-${locked.id}@closed.invalid`,
        displayName: CLOSED_ACCOUNT_NAME,
        passwordHash: unusable,
        platformRoles: [],
        noticeDigest: false,
        noticeDigestSince: null,
        lastLoginAt: null,
      });
      // Invitations they sent: no longer theirs to stand behind.
      await revokeInvitationsSentBeyondAuthority(manager, locked.id);
    });
    this.actors.forgetUser(user.id);
  }

  /**
   * Off every challenge's review panel (专家评审), so nobody can give them applications to score. As
   * when an organizer ends an appointment, the scores they gave stay: they are part of a decision.
   */
  private async leaveReviewPanels(manager: EntityManager, actor: Actor, userId: string): Promise<void> {
    const [panels]: [Array<{ demand_id: string; organization_id: string }>, number] = await manager.query(
      `DELETE FROM challenge_experts e USING tech_demands d WHERE e.user_id = $1 AND d.id = e.demand_id RETURNING e.demand_id, d.organization_id`,
      [userId],
    );
    for (const panel of panels) {
      await this.audit.record(manager, actor, {
        action: 'challenge.remove_expert', resourceType: 'demand', resourceId: panel.demand_id, organizationId: panel.organization_id, details: { userId, reason: 'account_closed' },
      });
    }
  }
}

/**
 * Invitations still open to the address: once it is released, whoever holds that mailbox next must
 * not join an organisation with one, nor have their organisation approved for a 对接会 by one.
 */
async function revokeInvitationsTo(manager: EntityManager, email: string): Promise<void> {
  await manager.query(`UPDATE invitations SET revoked_at = now() WHERE email = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()`, [email]);
  // An event invitation has no revoked state: an open one (no participant yet) goes.
  await manager.query(`DELETE FROM event_invitations WHERE email = $1 AND participant_id IS NULL`, [email]);
}
