import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, ConflictError, PasswordReset, ServiceUnavailableError, User, ValidationError } from '@techbridge/domain';
import { Mailer, passwordChangedMail, passwordResetMail } from '@techbridge/mail';
import { DataSource, type EntityManager, IsNull, MoreThan } from 'typeorm';
import { ActorCache } from './actor-cache';
import { AuditLog } from './audit-log';
import type { ClientInfo } from './auth.service';
import { lockCallerAndTarget, lockCurrentCaller } from './current-caller';
import { hashPassword, passwordProblem } from './passwords';
import { assertMayIssueReset, issuerMayStillReset, RESET_REQUEST_INTERVAL_MS, RESET_TTL_MS } from './password-reset-rules';
import { normalizeEmail } from './emails';
import { clearSignInFailures, confirmPassword } from './sign-in-failures';
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
    private readonly mailer: Mailer,
  ) {}

  /** Returns tokens of a new session for the caller, whose current one ends with the others. */
  async change(actor: Actor, currentPassword: string, newPassword: string, client: ClientInfo): Promise<IssuedTokens> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId });
    await confirmPassword(this.dataSource, user, currentPassword, 'currentPassword', 'the current password is wrong');
    assertNewPassword('newPassword', newPassword, user.email);
    if (newPassword === currentPassword) throw ValidationError.of('newPassword', 'sameAsCurrent', 'the new password must differ from the current one');
    const passwordHash = await hashPassword(newPassword);
    const issued = await this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOneOrFail(User, { where: { id: user.id }, lock: { mode: 'pessimistic_write' } });
      // Checked against the hash verified above: a change made meanwhile elsewhere wins.
      if (locked.passwordHash !== user.passwordHash) throw new ConflictError('password_changed', 'the password was changed meanwhile; sign in again');
      await this.setPassword(manager, locked, passwordHash, actor, 'account.change_password');
      return this.tokens.issue(manager, user.id, undefined, client);
    });
    // Again once committed: a request in between may have cached the sessions that just ended.
    this.actors.forgetUser(user.id);
    return issued;
  }

  /**
   * Issues a reset token (only its hash is kept), mails it when mail is configured, and voids the
   * user's earlier ones. The token is returned once on the platform admins' route; through an
   * organisation (`viaOrganization`) only when it was not mailed (`token` null otherwise): a mailed
   * reset is the member's alone, or their organisation's admin could set the password and act as them.
   */
  async issueReset(actor: Actor, userId: string, viaOrganization?: string): Promise<{ reset: PasswordReset; token: string | null; mailed: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      // The issuer's authority as it stands now, not as a replica cached it before a demotion.
      const [issuer, user] = await lockCallerAndTarget(
        actor.userId,
        userId,
        () => lockCurrentCaller(manager, actor),
        () => manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } }),
      );
      const target = user && { ...user, expert: await isExpert(manager, user.id) };
      assertMayIssueReset(issuer, userId, target, viaOrganization);
      const issued = await this.issue(manager, target, actor);
      return viaOrganization !== undefined && issued.mailed ? { ...issued, token: null } : issued;
    });
  }

  /**
   * 忘记密码, by the user alone: when the address belongs to an active account, a reset token is
   * mailed to it. The answer is the same whether or not it does (no one learns which addresses
   * have accounts), and an account gets at most one such mail per RESET_REQUEST_INTERVAL_MS.
   */
  async requestReset(emailInput: string, client: ClientInfo): Promise<void> {
    if (!this.mailer.enabled) throw new ServiceUnavailableError('mail_disabled', 'this platform sends no e-mail; ask your organisation’s administrator or the platform administrator for a reset');
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { email: normalizeEmail(emailInput) }, lock: { mode: 'pessimistic_write' } });
      if (!user?.active) return;
      const recent = await manager.existsBy(PasswordReset, { userId: user.id, issuedBy: user.id, createdAt: MoreThan(new Date(Date.now() - RESET_REQUEST_INTERVAL_MS)) });
      if (!recent) await this.issue(manager, user, null, client);
    });
  }

  /** `actor` null: the user asked by mail, from `client`. */
  private async issue(manager: EntityManager, target: User, actor: Actor | null, client?: ClientInfo): Promise<{ reset: PasswordReset; token: string; mailed: boolean }> {
    const token = randomBytes(32).toString('base64url');
    await voidPasswordResets(manager, target.id);
    const reset = await manager.save(
      manager.create(PasswordReset, { userId: target.id, tokenHash: sha256(token), issuedBy: actor?.userId ?? target.id, expiresAt: new Date(Date.now() + RESET_TTL_MS) }),
    );
    await this.audit.record(manager, actor, {
      action: actor ? 'account.issue_password_reset' : 'account.request_password_reset',
      resourceType: 'user',
      resourceId: target.id,
      organizationId: target.organizationId,
      details: { resetId: reset.id, expiresAt: reset.expiresAt.toISOString(), ...(client ? { ip: client.ip, requestId: client.requestId } : {}) },
    });
    const mail = passwordResetMail({ publicUrl: this.mailer.publicUrl, displayName: target.displayName, email: target.email, token, selfService: !actor });
    const mailed = await this.mailer.queue(manager, { ...mail, kind: 'account.password_reset', to: target.email, userId: target.id, sensitive: true });
    return { reset, token, mailed };
  }

  /** Sets a new password with a reset token; also lifts a sign-in lock-out. */
  async reset(token: string, newPassword: string, client: ClientInfo): Promise<void> {
    const userId = await this.dataSource.transaction(async (manager) => {
      const reset = await manager.getRepository(PasswordReset).findOne({ where: { tokenHash: sha256(token) }, lock: { mode: 'pessimistic_write' } });
      const usable = reset && !reset.usedAt && !reset.revokedAt && reset.expiresAt > new Date();
      const user = usable ? await manager.findOne(User, { where: { id: reset.userId }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!reset || !user?.active || !(await this.stillAuthorised(manager, reset, user))) throw ValidationError.of('token', 'invalid', 'the reset token is invalid, used or expired');
      assertNewPassword('password', newPassword, user.email);
      await manager.update(PasswordReset, { id: reset.id }, { usedAt: new Date() });
      await this.setPassword(manager, user, await hashPassword(newPassword), null, 'account.reset_password', { resetId: reset.id, ip: client.ip, requestId: client.requestId });
      return user.id;
    });
    this.actors.forgetUser(userId);
  }

  /** A reset the user asked for by mail stands; one someone issued, only while they could issue it now. */
  private async stillAuthorised(manager: EntityManager, reset: PasswordReset, user: User): Promise<boolean> {
    if (reset.issuedBy === user.id) return true;
    const issuer = await manager.findOneBy(User, { id: reset.issuedBy });
    return issuerMayStillReset(issuer, { ...user, expert: await isExpert(manager, user.id) });
  }

  private async setPassword(manager: EntityManager, user: User, passwordHash: string, actor: Actor | null, action: string, details: Record<string, unknown> = {}): Promise<void> {
    await manager.update(User, { id: user.id }, { passwordHash });
    await clearSignInFailures(manager, user.email);
    const endedSessions = await this.tokens.endSessions(manager, user.id);
    await voidPasswordResets(manager, user.id);
    await this.audit.record(manager, actor, { action, resourceType: 'user', resourceId: user.id, organizationId: user.organizationId, details: { ...details, endedSessions } });
    this.actors.forgetUser(user.id);
    // The owner of the address hears of it, so a change they did not make does not go unnoticed.
    const mail = passwordChangedMail({ publicUrl: this.mailer.publicUrl, displayName: user.displayName, email: user.email, at: new Date(), viaReset: action === 'account.reset_password' });
    await this.mailer.queue(manager, { ...mail, kind: 'account.password_changed', to: user.email, userId: user.id });
  }

}

/** In the 专家库 (an entry, approved or not) or on a challenge's review panel: the account reaches beyond its organisation. */
async function isExpert(manager: EntityManager, userId: string): Promise<boolean> {
  const [row]: Array<{ expert: boolean }> = await manager.query(
    `SELECT EXISTS (SELECT 1 FROM expert_profiles WHERE user_id = $1) OR EXISTS (SELECT 1 FROM challenge_experts WHERE user_id = $1) AS expert`,
    [userId],
  );
  return row!.expert;
}

/**
 * Voids a user's unused reset tokens: a newer one was issued, or the account changed hands or
 * state. Call it on every change of platform roles, member role, membership or the active flag:
 * a reset issued by an organisation's admin for a plain member must not open the account once it
 * holds more power than that admin may reset.
 */
export async function voidPasswordResets(manager: EntityManager, userId: string): Promise<void> {
  await manager.update(PasswordReset, { userId, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: new Date() });
}
