import type { CatalogKind } from '@techbridge/domain';
import type { Notice } from '@techbridge/notifications';
import type { CatalogEntity } from '../catalog-kind';
import { KIND_LABELS } from '../disclosure/request-rules';

const LABELS: Readonly<Record<CatalogKind, string>> = { demand: '技术需求', achievement: '科技成果' };

const subject = (kind: CatalogKind, item: CatalogEntity) => ({ itemKind: kind, itemId: item.id });

/** The owner learns why the platform took its item down, and what that changes. */
export const takedownNotice = (kind: CatalogKind, item: CatalogEntity): Notice => ({
  organizationId: item.organizationId,
  kind: 'catalog.taken_down',
  title: `${LABELS[kind]}「${item.title}」已被平台下架`.slice(0, 200),
  body: `下架原因：${item.takedownReason}。该${KIND_LABELS[kind]}已从检索、推荐和匹配中撤下，无法再修改；已在跟进的对接和成交记录不受影响。如有异议，请联系平台运营方。`,
  subject: subject(kind, item),
});

export const restoredNotice = (kind: CatalogKind, item: CatalogEntity): Notice => ({
  organizationId: item.organizationId,
  kind: 'catalog.restored',
  title: `${LABELS[kind]}「${item.title}」已恢复`.slice(0, 200),
  body: `平台已撤销对该${KIND_LABELS[kind]}的下架，它恢复到下架前的状态，可以照常修改。`,
  subject: subject(kind, item),
});
