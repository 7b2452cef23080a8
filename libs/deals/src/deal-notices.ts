import { type Deal, DealStages, Organization } from '@techbridge/domain';
import { notify } from '@techbridge/notifications';
import type { DealAction } from './deal-lifecycle';
import type { EntityManager } from 'typeorm';

/**
 * Tells the other party that a deal between them was recorded or moved on (signed, registered,
 * cancelled with its reason), so neither learns of it only from the statistics.
 */
export async function noticeToOtherParty(manager: EntityManager, deal: Deal, actingParty: string, action: DealAction | 'record'): Promise<void> {
  const other = actingParty === deal.buyerOrganizationId ? deal.sellerOrganizationId : deal.buyerOrganizationId;
  const by = (await manager.findOneBy(Organization, { id: actingParty }))?.name ?? '对方';
  const stage = DealStages.label(deal.stage);
  const amount = deal.amountWan !== null ? `，金额 ${deal.amountWan} 万元` : '';
  const body =
    action === 'record' ? `${by} 记录了与贵单位的技术合同「${deal.title}」（${stage}${amount}），请核对。`
    : action === 'cancel' ? `${by} 终止了技术合同「${deal.title}」：${deal.cancelReason ?? ''}`
    : `${by} 将技术合同「${deal.title}」标记为“${stage}”${amount}${deal.registrationNumber ? `，登记号 ${deal.registrationNumber}` : ''}。`;
  await notify(manager, {
    organizationId: other,
    kind: `deal.${action}`,
    title: `${deal.title}：${action === 'record' ? '对方记录了成交' : `对方已标记“${stage}”`}`,
    body,
    subject: { dealId: deal.id },
  });
}
