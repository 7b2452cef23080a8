import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { type Actor, type CatalogKind, ForbiddenError, hasRole, InvalidStateError, NotFoundError } from '@techbridge/domain';
import { notify } from '@techbridge/notifications';
import { DataSource, type EntityManager } from 'typeorm';
import type { CatalogEntity } from '../catalog-kind';
import { CatalogKinds } from '../catalog-kinds';
import { KIND_LABELS, lapsePendingRequests } from '../disclosure/request-rules';
import { takedownNotice, restoredNotice } from './takedown-notices';

/**
 * 违规下架: the platform's operators take an item that breaks the platform's rules (false claims,
 * someone else's patents, advertising) off every list, with a reason its owner is told. It is
 * archived as an owner's archive is, so search, matching, recommendations and counterparts lose it
 * and its owner can no longer change it; what people already acted on (followed-up matches, deals)
 * stays. An operator may put it back (a mistake, a settled complaint) exactly as it was.
 */
@Injectable()
export class CatalogTakedowns {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kinds: CatalogKinds,
    private readonly audit: AuditLog,
  ) {}

  async takeDown(actor: Actor, kind: CatalogKind, id: string, reason: string): Promise<CatalogEntity> {
    return this.dataSource.transaction(async (manager) => {
      const item = await this.forOperator(manager, actor, kind, id);
      if (item.archivedAt) {
        throw new InvalidStateError(item.takedownReason ? 'taken_down' : 'archived', 'take_down', undefined, item.takedownReason ? `this ${kind} is already taken down` : `its owner archived this ${kind}: it is on no list`);
      }
      item.archivedAt = new Date();
      item.takedownReason = reason;
      const saved = await manager.save(item);
      await this.audit.record(manager, actor, { action: `${kind}.take_down`, resourceType: kind, resourceId: id, organizationId: item.organizationId, details: { reason, status: item.status } });
      await lapsePendingRequests(manager, actor, { kind, id, neutralTitle: item.neutralTitle }, `平台已下架该${KIND_LABELS[kind]}。`);
      await notify(manager, takedownNotice(kind, saved));
      return saved;
    });
  }

  /** Undoes a takedown: the item is back where it was, in the status it had; its owner is told. */
  async restore(actor: Actor, kind: CatalogKind, id: string): Promise<CatalogEntity> {
    return this.dataSource.transaction(async (manager) => {
      const item = await this.forOperator(manager, actor, kind, id);
      if (!item.takedownReason) throw new InvalidStateError(item.archivedAt ? 'archived' : item.status, 'restore', undefined, `this ${kind} was not taken down by the platform`);
      const reason = item.takedownReason;
      item.archivedAt = null;
      item.takedownReason = null;
      const saved = await manager.save(item);
      await this.audit.record(manager, actor, { action: `${kind}.restore`, resourceType: kind, resourceId: id, organizationId: item.organizationId, details: { reason } });
      await notify(manager, restoredNotice(kind, saved));
      return saved;
    });
  }

  /** Operators only; anyone else learns no more than they may read (404 for an item they cannot see). */
  private async forOperator(manager: EntityManager, actor: Actor, kind: CatalogKind, id: string): Promise<CatalogEntity> {
    const items = this.kinds.of(kind);
    if (!hasRole(actor, 'admin')) {
      await items.get(actor, id, manager);
      throw new ForbiddenError('not_admin', `only the platform's operators take a ${kind} down or restore it`);
    }
    const item = await manager.findOne(items.spec.entity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!item) throw new NotFoundError(kind, id);
    return item;
  }
}
