import { type Deal, DealStages, Organization } from '@techbridge/domain';
import { notify } from '@techbridge/notifications';
import type { DealAction } from './deal-lifecycle';
import type { EntityManager } from 'typeorm';

/**
 * Tells the other party that a deal between them was recorded or moved on (signed, registered,
 * cancelled or disputed with its reason), so neither learns of it only from the statistics.
 */
export async function noticeToOtherParty(manager: EntityManager, deal: Deal, actingParty: string, action: Exclude<DealAction, 'void'> | 'record'): Promise<void> {
  const other = actingParty === deal.buyerOrganizationId ? deal.sellerOrganizationId : deal.buyerOrganizationId;
  const by = (await manager.findOneBy(Organization, { id: actingParty }))?.name ?? '对方';
  const stage = DealStages.label(deal.stage);
  const amount = deal.amountWan !== null ? `，金额 ${deal.amountWan} 万元` : '';
  const body =
    action === 'record' ? `${by} 记录了与贵单位的技术合同「${deal.title}」（${stage}${amount}），请核对；如与事实不符，请提出异议。`
    : action === 'cancel' ? `${by} 终止了技术合同「${deal.title}」：${deal.cancelReason ?? ''}`
    : action === 'dispute' ? `${by} 对贵单位记录的技术合同「${deal.title}」提出异议，该记录已终止，不计入统计：${deal.cancelReason ?? ''}`
    : `${by} 将技术合同「${deal.title}」标记为“${stage}”${amount}${deal.registrationNumber ? `，登记号 ${deal.registrationNumber}` : ''}。`;
  await notify(manager, {
    organizationId: other,
    kind: `deal.${action}`,
    title: `${deal.title}：${action === 'record' ? '对方记录了成交' : action === 'dispute' ? '对方提出异议' : `对方已标记“${stage}”`}`,
    body,
    subject: { dealId: deal.id },
  });
}

/** Tells both parties that the platform voided a deal between them, and why. */
export async function noticeOfVoiding(manager: EntityManager, deal: Deal): Promise<void> {
  for (const organizationId of [deal.buyerOrganizationId, deal.sellerOrganizationId]) {
    await notify(manager, {
      organizationId,
      kind: 'deal.void',
      title: `${deal.title}：平台已作废`,
      body: `平台管理员作废了技术合同「${deal.title}」的记录，不再计入统计：${deal.cancelReason ?? ''}`,
      subject: { dealId: deal.id },
    });
  }
}
