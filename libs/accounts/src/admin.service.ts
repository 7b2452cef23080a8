import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type Actor,
  BrokerAssignment,
  ConflictError,
  NotFoundError,
  Organization,
  type PlatformRole,
  User,
} from '@techbridge/domain';
import { containing, pageOf } from '@techbridge/database';
import { notify, type Notice } from '@techbridge/notifications';
import { DataSource } from 'typeorm';
import { ActorCache } from './actor-cache';
import { AuditLog } from './audit-log';
import { lockCallerAndTarget, lockCurrentAdmin } from './current-caller';
import { filterOrganizations, type OrganizationFilters } from './organization-query';
import { assertAnotherActiveAdmin, isActiveAdmin, lockPlatformAdmins } from './platform-admins';
import { voidPasswordResets } from './credentials.service';
import { revokeInvitationsSentBeyondAuthority } from './invitation-authority';
import { Tokens } from './tokens';

export interface UserQuery {
  email?: string;
  role?: PlatformRole;
  organizationId?: string;
  page: number;
  pageSize: number;
}

export interface OrganizationQuery extends OrganizationFilters {
  verified?: boolean;
  page: number;
  pageSize: number;
}

/**
 * Platform administration: roles, deactivation, verification, broker assignments. Admins only:
 * checked at the route on the cached actor, and again in each write's transaction on the committed
 * one (lockCurrentAdmin), so an admin whose role was just revoked cannot grant it back.
 */
@Injectable()
export class AdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly actors: ActorCache,
    private readonly tokens: Tokens,
  ) {}

  async users(query: UserQuery): Promise<{ items: User[]; total: number }> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u').orderBy('u.created_at', 'ASC');
    if (query.email) qb.andWhere('u.email LIKE :email', { email: containing(query.email.toLowerCase()) });
    if (query.role) qb.andWhere(':role = ANY(u.platform_roles)', { role: query.role });
    if (query.organizationId) qb.andWhere('u.organization_id = :org', { org: query.organizationId });
    return pageOf(qb, query);
  }

  /**
   * Organisations, oldest first, so `verified=false` is the verification queue (审核) in the order
   * the organisations signed up; each with how many members it has.
   */
  /** With their member counts and how many verification documents (认证材料) each has uploaded. */
  async organizations(query: OrganizationQuery): Promise<{ items: Array<{ organization: Organization; members: number; documents: number }>; total: number }> {
    const qb = filterOrganizations(this.dataSource.getRepository(Organization).createQueryBuilder('o'), query).orderBy('o.created_at', 'ASC').addOrderBy('o.id');
    if (query.verified !== undefined) qb.andWhere('o.verified = :verified', { verified: query.verified });
    const { items, total } = await pageOf(qb, query);
    const ids = items.map((o) => o.id);
    const countBy = async (sql: string): Promise<Map<string, number>> =>
      new Map(ids.length ? ((await this.dataSource.query(sql, [ids])) as Array<{ id: string; n: number }>).map((c) => [c.id, c.n]) : []);
    const [members, documents] = await Promise.all([
      countBy('SELECT organization_id AS id, count(*)::int AS n FROM users WHERE organization_id = ANY($1) GROUP BY 1'),
      countBy(`SELECT item_id AS id, count(*)::int AS n FROM attachments WHERE item_kind = 'organization' AND item_id = ANY($1) GROUP BY 1`),
    ]);
    return { items: items.map((organization) => ({ organization, members: members.get(organization.id) ?? 0, documents: documents.get(organization.id) ?? 0 })), total };
  }

  /**
   * Changes a user's platform roles or active flag. Either way the user's pending password resets
   * are voided (one issued under the old roles or state must not open the account under the new),
   * and so are the invitations they sent that they may no longer send.
   * `mayRemoveAdmin`: the change can take an admin away, so it is serialised with the others that can.
   */
  private async withUser(actor: Actor, userId: string, action: string, change: (user: User) => void, details: Record<string, unknown> = {}, mayRemoveAdmin = false): Promise<User> {
    return this.actors.forgetting((forget) =>
      this.dataSource.transaction(async (manager) => {
        if (mayRemoveAdmin) await lockPlatformAdmins(manager);
        const [, user] = await lockCallerAndTarget(
          actor.userId,
          userId,
          () => lockCurrentAdmin(manager, actor),
          () => manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } }),
        );
        if (!user) throw new NotFoundError('user', userId);
        // Closing is its user's decision, for good (PIPL art. 47): no role or reactivation revives it.
        if (user.closedAt) throw new ConflictError('account_closed', 'the account was closed by its user and cannot be reactivated or given roles');
        const wasAdmin = isActiveAdmin(user);
        change(user);
        if (wasAdmin && !isActiveAdmin(user)) await assertAnotherActiveAdmin(manager, userId, 'the platform needs another active admin first');
        const saved = await manager.save(user);
        if (!saved.active) await this.tokens.endSessions(manager, userId);
        await voidPasswordResets(manager, userId);
        await revokeInvitationsSentBeyondAuthority(manager, userId);
        await this.audit.record(manager, actor, { action, resourceType: 'user', resourceId: userId, organizationId: user.organizationId, details });
        forget(userId);
        return saved;
      }),
    );
  }

  grantRole(actor: Actor, userId: string, role: PlatformRole): Promise<User> {
    return this.withUser(actor, userId, 'admin.grant_role', (u) => (u.platformRoles = [...new Set([...u.platformRoles, role])]), { role });
  }

  async revokeRole(actor: Actor, userId: string, role: PlatformRole): Promise<User> {
    if (role === 'admin' && userId === actor.userId) throw new ConflictError('cannot_revoke_own_admin', 'an admin cannot revoke their own admin role');
    return this.withUser(actor, userId, 'admin.revoke_role', (u) => (u.platformRoles = u.platformRoles.filter((r) => r !== role)), { role }, role === 'admin');
  }

  /** Deactivation also ends every session of the user at once. */
  async setActive(actor: Actor, userId: string, active: boolean): Promise<User> {
    if (!active && userId === actor.userId) throw new ConflictError('cannot_deactivate_self', 'an admin cannot deactivate their own account');
    return this.withUser(actor, userId, active ? 'admin.reactivate_user' : 'admin.deactivate_user', (u) => (u.active = active), {}, !active);
  }

  async setVerified(actor: Actor, organizationId: string, verified: boolean): Promise<Organization> {
    return this.dataSource.transaction(async (manager) => {
      // The organisation before the caller, as a change of its members locks them.
      const org = await manager.findOne(Organization, { where: { id: organizationId }, lock: { mode: 'pessimistic_write' } });
      await lockCurrentAdmin(manager, actor);
      if (!org) throw new NotFoundError('organization', organizationId);
      const changed = org.verified !== verified;
      org.verified = verified;
      org.verifiedAt = verified ? (changed ? new Date() : org.verifiedAt) : null;
      const saved = await manager.save(org);
      await this.audit.record(manager, actor, { action: verified ? 'admin.verify_organization' : 'admin.unverify_organization', resourceType: 'organization', resourceId: organizationId, organizationId });
      // The organisation hears of a change only (it waits for verification to publish).
      if (changed) await notify(manager, verificationNotice(saved));
      return saved;
    });
  }

  async assignBroker(actor: Actor, brokerUserId: string, organizationId: string): Promise<BrokerAssignment> {
    return this.actors.forgetting((forget) =>
      this.dataSource.transaction(async (manager) => {
        await lockCurrentAdmin(manager, actor);
        const broker = await manager.findOneBy(User, { id: brokerUserId });
        if (!broker) throw new NotFoundError('user', brokerUserId);
        if (!broker.platformRoles.includes('broker')) throw new ConflictError('not_a_broker', 'grant the broker role before assigning organisations');
        if (!(await manager.existsBy(Organization, { id: organizationId }))) throw new NotFoundError('organization', organizationId);
        await manager.upsert(BrokerAssignment, { brokerUserId, organizationId, assignedBy: actor.userId }, ['brokerUserId', 'organizationId']);
        await this.audit.record(manager, actor, { action: 'admin.assign_broker', resourceType: 'broker_assignment', resourceId: brokerUserId, organizationId });
        forget(brokerUserId);
        return manager.findOneByOrFail(BrokerAssignment, { brokerUserId, organizationId });
      }),
    );
  }

  async unassignBroker(actor: Actor, brokerUserId: string, organizationId: string): Promise<void> {
    await this.actors.forgetting((forget) =>
      this.dataSource.transaction(async (manager) => {
        await lockCurrentAdmin(manager, actor);
        const result = await manager.delete(BrokerAssignment, { brokerUserId, organizationId });
        if (!result.affected) throw new NotFoundError('broker_assignment');
        await this.audit.record(manager, actor, { action: 'admin.unassign_broker', resourceType: 'broker_assignment', resourceId: brokerUserId, organizationId });
        forget(brokerUserId);
      }),
    );
  }

  async assignments(brokerUserId: string): Promise<BrokerAssignment[]> {
    return this.dataSource.getRepository(BrokerAssignment).find({ where: { brokerUserId }, order: { createdAt: 'ASC' } });
  }
}

function verificationNotice(org: Organization): Notice {
  return org.verified
    ? {
        organizationId: org.id,
        kind: 'organization.verified',
        title: `「${org.name}」已通过平台认证`.slice(0, 200),
        body: '贵单位已通过科技成果转化对接平台的认证，可以发布技术需求、科技成果和揭榜挂帅榜单，参加对接会。',
        subject: { organizationId: org.id },
      }
    : {
        organizationId: org.id,
        kind: 'organization.unverified',
        title: `「${org.name}」的平台认证已撤销`.slice(0, 200),
        body: '在重新通过认证之前，贵单位不能发布新的技术需求、科技成果和榜单。如有疑问，请联系平台运营方，并在机构资料中补充认证材料。',
        subject: { organizationId: org.id },
      };
}
