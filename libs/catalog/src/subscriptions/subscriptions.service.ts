import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { type Actor, actsFor, type CatalogKind, CatalogSubscription, ConflictError, ForbiddenError, NotFoundError, onBehalfOf, ValidationError } from '@techbridge/domain';
import { DataSource } from 'typeorm';
import { TaxonomyService } from '../taxonomy.service';
import { criteriaProblems, MAX_SUBSCRIPTIONS } from './subscription-rules';

export interface SubscriptionInput {
  kind: CatalogKind;
  fieldCodes?: string[];
  keywords?: string[];
  regionPrefix?: string;
}

/**
 * 订阅: an organisation's standing requests to hear of new demands or achievements. Its members
 * (and the brokers acting for it) keep them; notices go to the organisation (noticeSubscribers).
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly audit: AuditLog,
  ) {}

  async list(actor: Actor): Promise<CatalogSubscription[]> {
    return this.dataSource.getRepository(CatalogSubscription).find({ where: { organizationId: this.subscriber(actor) }, order: { createdAt: 'ASC' } });
  }

  async create(actor: Actor, input: SubscriptionInput): Promise<CatalogSubscription> {
    const organizationId = this.subscriber(actor);
    const criteria = {
      fieldCodes: [...new Set(input.fieldCodes ?? [])],
      keywords: [...new Set((input.keywords ?? []).map((k) => k.trim()).filter(Boolean))],
      regionPrefix: input.regionPrefix?.trim() || null,
    };
    ValidationError.throwIfAny(criteriaProblems(criteria, await this.taxonomy.snapshot()));
    return this.dataSource.transaction(async (manager) => {
      // Serialises an organisation's concurrent creations, so the limit holds.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`subscriptions:${organizationId}`]);
      if ((await manager.countBy(CatalogSubscription, { organizationId })) >= MAX_SUBSCRIPTIONS) {
        throw new ConflictError('too_many_subscriptions', `an organisation keeps at most ${MAX_SUBSCRIPTIONS} subscriptions; delete one first`);
      }
      const saved = await manager.save(manager.create(CatalogSubscription, { organizationId, createdBy: actor.userId, kind: input.kind, ...criteria }));
      await this.audit.record(manager, actor, { action: 'subscription.create', resourceType: 'subscription', resourceId: saved.id, organizationId, details: { kind: input.kind, ...criteria } });
      return saved;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const organizationId = this.subscriber(actor);
    await this.dataSource.transaction(async (manager) => {
      const removed = await manager.delete(CatalogSubscription, { id, organizationId });
      if (!removed.affected) throw new NotFoundError('subscription', id);
      await this.audit.record(manager, actor, { action: 'subscription.delete', resourceType: 'subscription', resourceId: id, organizationId });
    });
  }

  /** The organisation the caller subscribes for: its own, or the one a broker acts for. */
  private subscriber(actor: Actor): string {
    const organizationId = onBehalfOf(actor);
    if (!organizationId || !actsFor(actor, organizationId)) throw new ForbiddenError('no_organization', 'subscriptions belong to an organisation; act for one');
    return organizationId;
  }
}
