import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  assertVersion,
  type Actor,
  ConflictError,
  editsOrganizationProfile,
  ForbiddenError,
  managesMembers,
  type MemberRole,
  NotFoundError,
  Organization,
  seesMembers,
  User,
  ValidationError,
} from '@techbridge/domain';
import { pageOf, type PageRequest } from '@techbridge/database';
import { DataSource, type EntityManager } from 'typeorm';
import { ActorCache } from './actor-cache';
import { AuditLog } from './audit-log';
import { lockCallerAndTarget, lockCurrentCaller } from './current-caller';
import { voidPasswordResets } from './credentials.service';
import { revokeInvitationsSentBeyondAuthority } from './invitation-authority';
import { assertMayRemove, roleChange } from './member-role-rules';
import { filterOrganizations, type OrganizationFilters } from './organization-query';
import { type NewOrganization, organizationProblems } from './organization-rules';

export type OrganizationChanges = Partial<Omit<NewOrganization, 'type' | 'creditCode'>> & { version: number };

/** An organisation in the directory, with what it has open on the platform now. */
export interface DirectoryEntry {
  organization: Organization;
  /** Achievements published or in negotiation. */
  openAchievements: number;
  /** Demands published or in negotiation and still within their 有效期. */
  openDemands: number;
}

/**
 * SQL: an item anyone signed in finds under its organisation — not archived (or taken down), and not
 * confidential, since who owns a confidential item is hidden from those it was not disclosed to.
 */
const BROWSABLE = (i: string): string => `${i}.archived_at IS NULL AND ${i}.visibility <> 'confidential'`;

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly actors: ActorCache,
  ) {}

  /**
   * 机构库: the verified organisations, by name, for anyone signed in to find partners by type,
   * field, region, tier or name. Unverified ones are left out: the platform vouches for none yet.
   */
  async directory(query: OrganizationFilters & PageRequest): Promise<{ items: DirectoryEntry[]; total: number }> {
    const qb = filterOrganizations(this.dataSource.getRepository(Organization).createQueryBuilder('o').where('o.verified'), query).orderBy('o.name').addOrderBy('o.id');
    const { items, total } = await pageOf(qb, query);
    const counts: Array<{ id: string; achievements: number; demands: number }> = items.length
      ? await this.dataSource.query(
          `SELECT o.id,
                  (SELECT count(*)::int FROM achievements a WHERE a.organization_id = o.id AND a.status IN ('published', 'in_negotiation') AND ${BROWSABLE('a')}) AS achievements,
                  (SELECT count(*)::int FROM tech_demands d WHERE d.organization_id = o.id AND d.status IN ('published', 'in_negotiation') AND ${BROWSABLE('d')}
                      AND d.valid_until >= (now() AT TIME ZONE 'Asia/Shanghai')::date) AS demands
             FROM unnest($1::uuid[]) AS o(id)`,
          [items.map((o) => o.id)],
        )
      : [];
    const byId = new Map(counts.map((c) => [c.id, c]));
    return { items: items.map((organization) => ({ organization, openAchievements: byId.get(organization.id)?.achievements ?? 0, openDemands: byId.get(organization.id)?.demands ?? 0 })), total };
  }

  /** Organisation profiles are visible to every signed-in user: counterparts need to know who they deal with. */
  async get(id: string): Promise<Organization> {
    const org = await this.dataSource.getRepository(Organization).findOneBy({ id });
    if (!org) throw new NotFoundError('organization', id);
    return org;
  }

  async update(actor: Actor, id: string, changes: OrganizationChanges): Promise<Organization> {
    if (!editsOrganizationProfile(actor, id)) throw new NotFoundError('organization', id);
    const { version, ...fields } = changes;
    return this.dataSource.transaction(async (manager) => {
      const org = await manager.findOne(Organization, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!org) throw new NotFoundError('organization', id);
      assertVersion('organisation', org.version, version);
      const problems = organizationProblems({ ...fields, type: org.type });
      ValidationError.throwIfAny(problems);
      Object.assign(org, fields);
      const saved = await manager.save(org);
      await this.audit.record(manager, actor, { action: 'organization.update', resourceType: 'organization', resourceId: id, organizationId: id, details: { fields: Object.keys(fields) } });
      return saved;
    });
  }

  async members(actor: Actor, organizationId: string): Promise<User[]> {
    if (!seesMembers(actor, organizationId)) throw new NotFoundError('organization', organizationId);
    return this.dataSource.getRepository(User).find({ where: { organizationId }, order: { createdAt: 'ASC' } });
  }

  /** Gives a member another role; making someone owner hands the ownership over (see roleChange). */
  async changeMemberRole(actor: Actor, organizationId: string, userId: string, to: MemberRole): Promise<User> {
    if (!seesMembers(actor, organizationId)) throw new NotFoundError('organization', organizationId);
    if (!managesMembers(actor, organizationId)) throw new ForbiddenError('not_organization_admin', 'only the organisation’s administrators manage its members');
    return this.actors.forgetting((forget) =>
      this.dataSource.transaction(async (manager) => {
        const [caller, member] = await this.lockMembers(manager, actor, organizationId, userId);
        const from = member.memberRole;
        const change = roleChange(caller, member, to);
        if (change.kind === 'transfer_ownership') {
          // A closed or deactivated owner could not act for the organisation, nor hand it on again.
          if (member.closedAt) throw new ConflictError('account_closed', 'the member closed their account; hand the organisation to an active member');
          if (!member.active) throw new ConflictError('account_deactivated', 'the member’s account is deactivated; hand the organisation to an active member');
          const owners = await manager.find(User, { where: { organizationId, memberRole: 'owner' }, lock: { mode: 'pessimistic_write' } });
          for (const owner of owners) {
            await manager.update(User, { id: owner.id }, { memberRole: change.previousOwnerBecomes });
            await voidPasswordResets(manager, owner.id);
            forget(owner.id);
          }
        }
        await manager.update(User, { id: userId }, { memberRole: to });
        await voidPasswordResets(manager, userId);
        await revokeInvitationsSentBeyondAuthority(manager, userId);
        forget(userId);
        await this.audit.record(manager, actor, { action: 'organization.change_role', resourceType: 'user', resourceId: userId, organizationId, details: { from, to } });
        return manager.findOneByOrFail(User, { id: userId });
      }),
    );
  }

  async removeMember(actor: Actor, organizationId: string, userId: string): Promise<void> {
    if (!seesMembers(actor, organizationId)) throw new NotFoundError('organization', organizationId);
    if (!managesMembers(actor, organizationId)) throw new ForbiddenError('not_organization_admin', 'only the organisation’s administrators manage its members');
    await this.actors.forgetting((forget) =>
      this.dataSource.transaction(async (manager) => {
        const [caller, member] = await this.lockMembers(manager, actor, organizationId, userId);
        assertMayRemove(caller, member);
        await manager.update(User, { id: userId }, { organizationId: null, memberRole: 'member' });
        await voidPasswordResets(manager, userId);
        await revokeInvitationsSentBeyondAuthority(manager, userId);
        forget(userId);
        await this.audit.record(manager, actor, { action: 'organization.remove_member', resourceType: 'user', resourceId: userId, organizationId });
      }),
    );
  }

  /**
   * Every change of an organisation's members starts here: the organisation's row is locked, so
   * two changes (say, two transfers of the ownership) happen one after the other; the caller is
   * re-read and held (lockCurrentCaller), since the cached actor may hold a role that a change
   * committed meanwhile took away; and the member is locked for the change.
   * FOR NO KEY UPDATE: rows referring to the organisation may still be inserted meanwhile.
   */
  private async lockMembers(manager: EntityManager, actor: Actor, organizationId: string, memberId: string): Promise<[Actor, User]> {
    if (!(await manager.findOne(Organization, { where: { id: organizationId }, lock: { mode: 'for_no_key_update' } }))) throw new NotFoundError('organization', organizationId);
    const [caller, member] = await lockCallerAndTarget(
      actor.userId,
      memberId,
      () => lockCurrentCaller(manager, actor),
      () => manager.findOne(User, { where: { id: memberId, organizationId }, lock: { mode: 'pessimistic_write' } }),
    );
    if (!managesMembers(caller, organizationId)) throw new ForbiddenError('not_organization_admin', 'only the organisation’s administrators manage its members');
    if (!member) throw new NotFoundError('member', memberId);
    return [caller, member];
  }
}
