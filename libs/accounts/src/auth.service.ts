import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ConflictError,
  ForbiddenError,
  type Actor,
  Invitation,
  Organization,
  ServiceUnavailableError,
  UnauthenticatedError,
  User,
  ValidationError,
} from '@techbridge/domain';
import { Mailer } from '@techbridge/mail';
import { AppEnv } from '@techbridge/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { ActorCache } from './actor-cache';
import { AuditLog } from './audit-log';
import { voidPasswordResets } from './credentials.service';
import { normalizeEmail } from './emails';
import { mayStillInvite } from './invitation-authority';
import { type NewOrganization, validateNewOrganization } from './organization-rules';
import { assertPasswordPolicy, decoyHash, hashPassword, passwordMatches } from './passwords';
import { RateLimiter } from './rate-limit/rate-limiter';
import { assertNotLocked, clearSignInFailures, recordWrongPassword } from './sign-in-failures';
import { type IssuedTokens, Tokens, sha256 } from './tokens';

export interface Registration {
  email: string;
  password: string;
  displayName: string;
  /** Either a new organisation … */
  organization?: NewOrganization;
  /** … or an invitation to an existing one. */
  invitationToken?: string;
}

export interface ClientInfo {
  ip: string;
  requestId: string | null;
  /** The browser or app, as its User-Agent header names it: shown in the user's list of sessions. */
  userAgent: string | null;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: AppEnv,
    private readonly tokens: Tokens,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditLog,
    private readonly actors: ActorCache,
    private readonly mailer: Mailer,
  ) {}

  async register(input: Registration, client: ClientInfo): Promise<{ user: User; tokens: IssuedTokens }> {
    const email = normalizeEmail(input.email);
    await this.limiter.consume(`register:email:${email}`, 5, 3600);
    if (!input.organization === !input.invitationToken) {
      throw ValidationError.of('organization', 'exactlyOne', 'give either organization (to create one) or invitationToken (to join one)');
    }
    assertPasswordPolicy(input.password, email);
    if (input.organization) validateNewOrganization(input.organization);
    const passwordHash = await hashPassword(input.password);

    return this.dataSource.transaction(async (manager) => {
      // The invitation first: were the address checked first, an invalid token would tell
      // anyone whether an address has an account (409 for one that does, 400 for one that does not).
      const invited = input.invitationToken ? await this.acceptInvitation(manager, input.invitationToken, email) : undefined;
      if (await manager.existsBy(User, { email })) throw new ConflictError('email_taken', 'an account with this e-mail already exists');
      const membership = invited ?? (await this.createOrganization(manager, input.organization!));
      const user = await manager.save(
        manager.create(User, { email, passwordHash, displayName: input.displayName.trim(), organizationId: membership.organizationId, memberRole: membership.memberRole }),
      );
      await this.audit.record(manager, null, {
        action: input.organization ? 'account.register_with_organization' : 'account.register_by_invitation',
        resourceType: 'user',
        resourceId: user.id,
        organizationId: user.organizationId,
        details: { email, ip: client.ip, requestId: client.requestId },
      });
      return { user, tokens: await this.tokens.issue(manager, user.id, undefined, client) };
    });
  }

  private async createOrganization(manager: EntityManager, input: NewOrganization) {
    const creditCode = input.creditCode;
    if (await manager.existsBy(Organization, { creditCode })) {
      throw new ConflictError('organization_exists', 'this organisation is already registered; ask its administrator for an invitation');
    }
    const org = await manager.save(manager.create(Organization, { ...input, fields: input.fields ?? [], tiers: input.tiers ?? [] }));
    return { organizationId: org.id, memberRole: 'owner' as const };
  }

  private async acceptInvitation(manager: EntityManager, token: string, email: string) {
    const invitation = await manager.getRepository(Invitation).findOne({ where: { tokenHash: sha256(token) }, lock: { mode: 'pessimistic_write' } });
    const usable = invitation && !invitation.acceptedAt && !invitation.revokedAt && invitation.expiresAt > new Date();
    // Belt and braces to the revocation on the inviter's demotion, removal or deactivation: an
    // invitation stands only while its sender could still send it.
    const inviter = usable ? await manager.findOneBy(User, { id: invitation.invitedBy }) : null;
    if (!invitation || !usable || !mayStillInvite(inviter, invitation)) throw ValidationError.of('invitationToken', 'invalid', 'the invitation is invalid, used or expired');
    if (invitation.email !== email) throw ValidationError.of('email', 'invitationMismatch', 'the invitation was sent to another e-mail address');
    invitation.acceptedAt = new Date();
    await manager.save(invitation);
    return { organizationId: invitation.organizationId, memberRole: invitation.memberRole };
  }

  async login(emailInput: string, password: string, client: ClientInfo): Promise<{ user: User; tokens: IssuedTokens }> {
    const email = normalizeEmail(emailInput);
    await this.limiter.consume(`login:account:${email}`, this.env.authLimitPerAccountPerHour, 3600);
    await assertNotLocked(this.dataSource, email);
    const user = await this.dataSource.getRepository(User).findOneBy({ email });
    const ok = await passwordMatches(user?.passwordHash ?? (await decoyHash()), password);
    if (!user || !ok) {
      await recordWrongPassword(this.dataSource, email);
      throw new UnauthenticatedError('invalid_credentials', 'wrong e-mail or password');
    }
    if (!user.active) throw new ForbiddenError('account_deactivated', 'this account has been deactivated');
    return this.dataSource.transaction(async (manager) => {
      // Checked again under the lock a password change or reset takes to end every session: one
      // that committed since the check above must not be outlived by a session of the old password.
      const locked = await manager.findOne(User, { where: { id: user.id }, lock: { mode: 'pessimistic_write' } });
      if (locked?.passwordHash !== user.passwordHash) throw new UnauthenticatedError('invalid_credentials', 'wrong e-mail or password');
      if (!locked.active) throw new ForbiddenError('account_deactivated', 'this account has been deactivated');
      await clearSignInFailures(manager, email);
      await manager.update(User, { id: user.id }, { lastLoginAt: new Date() });
      return { user: locked, tokens: await this.tokens.issue(manager, user.id, undefined, client) };
    });
  }

  async refresh(presented: string, client: ClientInfo): Promise<IssuedTokens> {
    const outcome = await this.actors.forgetting((forget) =>
      this.dataSource.transaction(async (manager) => {
        const token = await this.tokens.find(manager, presented);
        if (token.revokedAt || token.expiresAt <= new Date()) return 'invalid' as const;
        if (token.usedAt) {
          // A used token presented again: someone else holds a copy. End the whole session.
          await this.tokens.endSessions(manager, token.userId, { only: token.familyId });
          forget(token.userId);
          this.logger.warn(`refresh token reuse detected; session ${token.familyId} revoked`);
          return 'reused' as const;
        }
        const user = await manager.findOneBy(User, { id: token.userId });
        if (!user?.active) return 'invalid' as const;
        token.usedAt = new Date();
        await manager.save(token);
        return this.tokens.issue(manager, token.userId, token.familyId, client);
      }),
    );
    if (outcome === 'reused') throw new UnauthenticatedError('refresh_token_reused', 'this refresh token was already used; sign in again');
    if (outcome === 'invalid') throw new UnauthenticatedError('invalid_refresh_token', 'the refresh token is invalid or expired');
    return outcome;
  }

  /** Ends the session the refresh token belongs to; only its owner may do so. */
  async logout(actor: Actor, presented: string): Promise<void> {
    await this.actors.forgetting((forget) =>
      this.dataSource.transaction(async (manager) => {
        const token = await this.tokens.find(manager, presented);
        if (token.userId !== actor.userId) throw new UnauthenticatedError('invalid_refresh_token', 'the refresh token is invalid');
        await this.tokens.endSessions(manager, token.userId, { only: token.familyId });
        forget(actor.userId);
        await this.audit.record(manager, actor, { action: 'account.logout', resourceType: 'session', resourceId: token.familyId });
      }),
    );
  }

  async me(actor: Actor): Promise<{ user: User; organization: Organization | null }> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId });
    const organization = user.organizationId ? await this.dataSource.getRepository(Organization).findOneBy({ id: user.organizationId }) : null;
    return { user, organization };
  }

  /** The user's own profile: the name others see on their work, and whether notices come by mail too. */
  async updateProfile(actor: Actor, changes: { displayName?: string; noticeDigest?: boolean }): Promise<User> {
    if (changes.noticeDigest && !this.mailer.enabled) throw new ServiceUnavailableError('mail_disabled', 'this platform sends no e-mail, so notices can only be read in the app');
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneOrFail(User, { where: { id: actor.userId }, lock: { mode: 'pessimistic_write' } });
      const update: Partial<User> = {};
      if (changes.displayName !== undefined) update.displayName = changes.displayName.trim();
      if (changes.noticeDigest !== undefined && changes.noticeDigest !== user.noticeDigest) {
        // Turned on: the first digest tells of what comes next, not of the whole backlog.
        Object.assign(update, { noticeDigest: changes.noticeDigest, noticeDigestSince: changes.noticeDigest ? new Date() : null });
      }
      if (!Object.keys(update).length) return user;
      await manager.update(User, { id: actor.userId }, update);
      await this.audit.record(manager, actor, { action: 'account.update_profile', resourceType: 'user', resourceId: actor.userId, details: { fields: Object.keys(update).filter((f) => f !== 'noticeDigestSince') } });
      return manager.findOneByOrFail(User, { id: actor.userId });
    });
  }

  /**
   * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when the platform has no active one.
   * An account that already has that address is promoted only when its password is ADMIN_PASSWORD:
   * otherwise whoever signed up first with the operator's address would become admin ('refused').
   */
  async bootstrapAdmin(): Promise<'created' | 'promoted' | 'exists' | 'refused' | 'not_configured'> {
    const { adminEmail, adminPassword } = this.env;
    if (!adminEmail || !adminPassword) return 'not_configured';
    const passwordHash = await hashPassword(adminPassword);
    return this.actors.forgetting((forget) =>
      this.dataSource.transaction(async (manager) => {
        // Several API replicas may start together: serialise on a transaction-scoped lock.
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['techbridge.bootstrap_admin']);
        const admins: Array<{ n: number }> = await manager.query(`SELECT count(*)::int AS n FROM users WHERE active AND 'admin' = ANY(platform_roles)`);
        if (admins[0].n > 0) return 'exists' as const;
        const existing = await manager.findOne(User, { where: { email: adminEmail }, lock: { mode: 'pessimistic_write' } });
        if (existing && !(await passwordMatches(existing.passwordHash, adminPassword))) return 'refused' as const;
        const admin = existing
          ? Object.assign(existing, { active: true, platformRoles: [...new Set([...existing.platformRoles, 'admin' as const])] })
          : manager.create(User, { email: adminEmail, passwordHash, displayName: 'Administrator', organizationId: null, memberRole: 'member', platformRoles: ['admin'] });
        await manager.save(admin);
        if (existing) {
          // A reset issued while the account had no platform role must not open it now that it has one.
          await voidPasswordResets(manager, existing.id);
          forget(existing.id);
        }
        await this.audit.record(manager, null, { action: 'account.bootstrap_admin', resourceType: 'user', resourceId: admin.id, details: { email: adminEmail, promoted: !!existing } });
        return existing ? ('promoted' as const) : ('created' as const);
      }),
    );
  }
}
