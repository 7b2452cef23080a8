import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, ConflictError, PasswordReset, User, ValidationError } from '@techbridge/domain';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { ActorCache } from './actor-cache';
import { AuditLog } from './audit-log';
import type { ClientInfo } from './auth.service';
import { hashPassword, passwordMatches, passwordProblem } from './passwords';
import { assertMayIssueReset, RESET_TTL_MS } from './password-reset-rules';
import { assertNotLocked, recordWrongPassword } from './sign-in-failures';
import { type IssuedTokens, Tokens, sha256 } from './tokens';

/** The password policy, reported against the field the client sent the new password in. */
function assertNewPassword(field: string, password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new ValidationError([{ ...problem, field }], `${field}: ${problem.message}`);
}

/**
 * Changing a password: by its user (who proves the current one), or with a one-time reset token
 * an administrator issued. Either way every session of the account ends, since one of them may be
 * the reason for the change.
 */
@Injectable()
export class CredentialsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: Tokens,
    private readonly audit: AuditLog,
    private readonly actors: ActorCache,
  ) {}

  /** Returns tokens of a new session for the caller, whose current one ends with the others. */
  async change(actor: Actor, currentPassword: string, newPassword: string, client: ClientInfo): Promise<IssuedTokens> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId });
    assertNotLocked(user);
    if (!(await passwordMatches(user.passwordHash, currentPassword))) {
      await recordWrongPassword(this.dataSource, user.id);
      throw ValidationError.of('currentPassword', 'incorrect', 'the current password is wrong');
    }
    assertNewPassword('newPassword', newPassword, user.email);
    if (newPassword === currentPassword) throw ValidationError.of('newPassword', 'sameAsCurrent', 'the new password must differ from the current one');
    const passwordHash = await hashPassword(newPassword);
    return this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOneOrFail(User, { where: { id: user.id }, lock: { mode: 'pessimistic_write' } });
      // Checked against the hash verified above: a change made meanwhile elsewhere wins.
      if (locked.passwordHash !== user.passwordHash) throw new ConflictError('password_changed', 'the password was changed meanwhile; sign in again');
      await this.setPassword(manager, locked, passwordHash, actor, 'account.change_password');
      return this.tokens.issue(manager, user.id, undefined, client);
    });
  }

  /** Issues a reset token (returned once; only its hash is kept) and voids the user's earlier ones. */
  async issueReset(actor: Actor, userId: string, viaOrganization?: string): Promise<{ reset: PasswordReset; token: string }> {
    const token = randomBytes(32).toString('base64url');
    return this.dataSource.transaction(async (manager) => {
      const target = await manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      assertMayIssueReset(actor, userId, target, viaOrganization);
      await voidPasswordResets(manager, userId);
      const reset = await manager.save(
        manager.create(PasswordReset, { userId, tokenHash: sha256(token), issuedBy: actor.userId, expiresAt: new Date(Date.now() + RESET_TTL_MS) }),
      );
      await this.audit.record(manager, actor, {
        action: 'account.issue_password_reset',
        resourceType: 'user',
        resourceId: userId,
        organizationId: target.organizationId,
        details: { resetId: reset.id, expiresAt: reset.expiresAt.toISOString() },
      });
      return { reset, token };
    });
  }

  /** Sets a new password with a reset token; also lifts a sign-in lock-out. */
  async reset(token: string, newPassword: string, client: ClientInfo): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const reset = await manager.getRepository(PasswordReset).findOne({ where: { tokenHash: sha256(token) }, lock: { mode: 'pessimistic_write' } });
      const usable = reset && !reset.usedAt && !reset.revokedAt && reset.expiresAt > new Date();
      const user = usable ? await manager.findOne(User, { where: { id: reset.userId }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!reset || !user?.active) throw ValidationError.of('token', 'invalid', 'the reset token is invalid, used or expired');
      assertNewPassword('password', newPassword, user.email);
      await manager.update(PasswordReset, { id: reset.id }, { usedAt: new Date() });
      await this.setPassword(manager, user, await hashPassword(newPassword), null, 'account.reset_password', { resetId: reset.id, ip: client.ip, requestId: client.requestId });
    });
  }

  private async setPassword(manager: EntityManager, user: User, passwordHash: string, actor: Actor | null, action: string, details: Record<string, unknown> = {}): Promise<void> {
    await manager.update(User, { id: user.id }, { passwordHash, failedLogins: 0, lockedUntil: null });
    const endedSessions = await this.tokens.endSessions(manager, user.id);
    await voidPasswordResets(manager, user.id);
    await this.audit.record(manager, actor, { action, resourceType: 'user', resourceId: user.id, organizationId: user.organizationId, details: { ...details, endedSessions } });
    this.actors.forgetUser(user.id);
  }

}

/** Voids a user's unused reset tokens: a newer one was issued, or the account changed hands or state. */
export async function voidPasswordResets(manager: EntityManager, userId: string): Promise<void> {
  await manager.update(PasswordReset, { userId, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: new Date() });
}
