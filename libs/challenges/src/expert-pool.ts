import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { TaxonomyService } from '@techbridge/catalog';
import { containing, pageOf, type PageRequest } from '@techbridge/database';
import { type Actor, ExpertProfile, type FieldProblem, ForbiddenError, hasRole, NotFoundError, Organization, User, ValidationError } from '@techbridge/domain';
import { expertPoolDecisionMail, Mailer } from '@techbridge/mail';
import { DataSource, type EntityManager } from 'typeorm';

export interface ExpertProfileInput {
  professionalTitle: string;
  fieldCodes: string[];
  specialties: string;
}

/** A pool entry as others read it: the person, where they work, what they judge; never their e-mail. */
export interface ExpertPoolEntry {
  profile: ExpertProfile;
  displayName: string;
  organization: { id: string; name: string } | null;
}

export interface ExpertPoolQuery extends PageRequest {
  fieldCode?: string;
  /** Part of the name, the organisation or the 研究方向. */
  q?: string;
  /** Entries waiting for an organizer's approval (organizers and admins). */
  pending?: boolean;
}

export const EXPERT_POOL_ACTIONS = ['approve', 'revoke'] as const;
export type ExpertPoolAction = (typeof EXPERT_POOL_ACTIONS)[number];

const vets = (actor: Actor): boolean => hasRole(actor, 'organizer') || hasRole(actor, 'admin');

/**
 * 专家库: users enter themselves with their 职称, fields and 研究方向; organizers approve entries
 * (入库) or take them back; everyone signed in finds approved experts by field or words, and a
 * challenge's owner appoints one by user id (ChallengeExpertsService).
 */
@Injectable()
export class ExpertPool {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly audit: AuditLog,
    private readonly mailer: Mailer,
  ) {}

  async mine(actor: Actor): Promise<ExpertPoolEntry> {
    const [entry] = await this.entries(this.dataSource.manager, { userId: actor.userId });
    if (!entry) throw new NotFoundError('expert_profile');
    return entry;
  }

  /** Entering or updating: an approved entry stays approved (organizers vet the person, who may refine their words). */
  async save(actor: Actor, input: ExpertProfileInput): Promise<ExpertPoolEntry> {
    const { fields } = await this.taxonomy.snapshot();
    const unknown: FieldProblem[] = input.fieldCodes.flatMap((code, i) => (fields.has(code) ? [] : [{ field: `fieldCodes.${i}`, code: 'isIn', message: `unknown field ${code}` }]));
    ValidationError.throwIfAny(unknown);
    return this.dataSource.transaction(async (manager) => {
      const values = { professionalTitle: input.professionalTitle.trim(), fieldCodes: [...new Set(input.fieldCodes)], specialties: input.specialties.trim() };
      await manager.upsert(ExpertProfile, { userId: actor.userId, ...values }, ['userId']);
      await this.audit.record(manager, actor, { action: 'expert.save_profile', resourceType: 'user', resourceId: actor.userId, details: { fieldCodes: values.fieldCodes } });
      return (await this.entries(manager, { userId: actor.userId }))[0]!;
    });
  }

  async leave(actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const removed = await manager.delete(ExpertProfile, { userId: actor.userId });
      if (!removed.affected) throw new NotFoundError('expert_profile');
      await this.audit.record(manager, actor, { action: 'expert.leave_pool', resourceType: 'user', resourceId: actor.userId });
    });
  }

  async list(actor: Actor, query: ExpertPoolQuery): Promise<{ items: ExpertPoolEntry[]; total: number }> {
    if (query.pending && !vets(actor)) throw new ForbiddenError('not_organizer', 'only organizers and admins see entries waiting for approval');
    const qb = this.entriesQuery(this.dataSource.manager).andWhere(query.pending ? 'p.approved_at IS NULL' : 'p.approved_at IS NOT NULL');
    if (query.fieldCode) qb.andWhere(':fieldCode = ANY(p.field_codes)', { fieldCode: query.fieldCode });
    if (query.q) qb.andWhere('(u.display_name ILIKE :q OR p.specialties ILIKE :q OR o.name ILIKE :q)', { q: containing(query.q.trim()) });
    // The approval queue oldest first; the pool by name.
    if (query.pending) qb.orderBy('p.created_at', 'ASC');
    else qb.orderBy('u.display_name', 'ASC');
    const { items, total } = await pageOf(qb.addOrderBy('p.user_id'), query);
    return { items: items.map(toEntry), total };
  }

  async decide(actor: Actor, userId: string, action: ExpertPoolAction): Promise<ExpertPoolEntry> {
    if (!vets(actor)) throw new ForbiddenError('not_organizer', 'only organizers and admins approve experts');
    return this.dataSource.transaction(async (manager) => {
      const profile = await manager.findOne(ExpertProfile, { where: { userId }, lock: { mode: 'pessimistic_write' } });
      // A deactivated account has left the pool's lists: nothing to decide, and nobody to mail.
      if (!profile || !(await manager.existsBy(User, { id: userId, active: true }))) throw new NotFoundError('expert_profile', userId);
      const approved = action === 'approve';
      await manager.update(ExpertProfile, { userId }, approved ? { approvedAt: profile.approvedAt ?? new Date(), approvedBy: profile.approvedBy ?? actor.userId } : { approvedAt: null, approvedBy: null });
      await this.audit.record(manager, actor, { action: `expert.${action}`, resourceType: 'user', resourceId: userId });
      // The expert hears of a change only: approving twice mails once.
      if (approved !== (profile.approvedAt !== null)) {
        const user = await manager.findOneByOrFail(User, { id: userId });
        const mail = expertPoolDecisionMail({ publicUrl: this.mailer.publicUrl, displayName: user.displayName, approved });
        await this.mailer.queue(manager, { ...mail, kind: `expert.${action}`, to: user.email, userId });
      }
      return (await this.entries(manager, { userId }))[0]!;
    });
  }

  /** Profiles of active users only: a deactivated account leaves the pool's lists. */
  private entriesQuery(manager: EntityManager) {
    return manager
      .getRepository(ExpertProfile)
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.user', 'u', 'u.active')
      .leftJoinAndMapOne('p.organization', Organization, 'o', 'o.id = u.organization_id');
  }

  private async entries(manager: EntityManager, where: { userId: string }): Promise<ExpertPoolEntry[]> {
    return (await this.entriesQuery(manager).where('p.user_id = :userId', where).getMany()).map(toEntry);
  }
}

function toEntry(profile: ExpertProfile & { organization?: { id: string; name: string } | null }): ExpertPoolEntry {
  const { user, organization, ...rest } = profile;
  return { profile: rest as ExpertProfile, displayName: user!.displayName, organization: organization ? { id: organization.id, name: organization.name } : null };
}
