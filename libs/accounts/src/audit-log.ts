import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { pageOf } from '@techbridge/database';
import { type Actor, AuditEntry, onBehalfOf } from '@techbridge/domain';
import { DataSource, type EntityManager } from 'typeorm';

export interface AuditedAction {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /** The organisation acted for, when it is not the actor's own (e.g. an admin verifying one). */
  organizationId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditQuery {
  action?: string;
  organizationId?: string;
  actorUserId?: string;
  resourceId?: string;
  page: number;
  pageSize: number;
}

/**
 * Records every write with who (user, organisation, acting broker), what and when. Written
 * through the caller's transaction manager, so an entry exists exactly when the change does.
 */
@Injectable()
export class AuditLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, actor: Actor | null, entry: AuditedAction): Promise<void> {
    const actingBroker = actor && actor.roles.includes('broker') && entry.organizationId && actor.brokerFor.includes(entry.organizationId);
    await manager.insert(AuditEntry, {
      actorUserId: actor?.userId ?? null,
      organizationId: entry.organizationId ?? (actor ? onBehalfOf(actor) : null),
      brokerUserId: actor && (actor.actingFor || actingBroker) ? actor.userId : null,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId ?? null,
      details: (entry.details ?? {}) as never,
      requestId: actor?.requestId ?? null,
      ip: actor?.ip ?? null,
    });
  }

  async list(query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a').orderBy('a.id', 'DESC');
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.organizationId) qb.andWhere('a.organization_id = :org', { org: query.organizationId });
    if (query.actorUserId) qb.andWhere('a.actor_user_id = :actor', { actor: query.actorUserId });
    if (query.resourceId) qb.andWhere('a.resource_id = :rid', { rid: query.resourceId });
    return pageOf(qb, query);
  }
}
