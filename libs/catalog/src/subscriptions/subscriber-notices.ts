import { type CatalogKind, CatalogSubscription, outsiderTitle, Regions } from '@techbridge/domain';
import { notify } from '@techbridge/notifications';
import { type EntityManager, Not } from 'typeorm';
import { fieldLabel, type TaxonomySnapshot } from '../rules/taxonomy-snapshot';
import { matchesSubscription, type PublishedItem } from './subscription-rules';

const NEW_ITEM: Record<CatalogKind, string> = { demand: '新的技术需求', achievement: '新的科技成果' };

/**
 * Tells each organisation whose subscription a newly published item matches, once per item
 * whatever the number of its subscriptions that do, inside the publishing transaction. A
 * confidential item is named by its neutral title: the notice tells nothing a list would not.
 * Only an item's first publication is news: callers leave out items published again (reopened,
 * renewed after expiry), whose announcement went out the first time.
 */
export async function noticeSubscribers(manager: EntityManager, kind: CatalogKind, items: ReadonlyArray<PublishedItem & { id: string }>, taxonomy: TaxonomySnapshot): Promise<number> {
  if (!items.length) return 0;
  const publisher = items[0]!.organizationId;
  const subscriptions = await manager.findBy(CatalogSubscription, { kind, organizationId: Not(publisher) });
  const notices = items.flatMap((item) => {
    const told = new Set<string>();
    return subscriptions.flatMap((s) => {
      if (told.has(s.organizationId) || !matchesSubscription(s, item)) return [];
      told.add(s.organizationId);
      return [{
        organizationId: s.organizationId,
        kind: `subscription.${kind}`,
        title: `订阅提醒：${NEW_ITEM[kind]}「${outsiderTitle(item)}」`.slice(0, 200),
        body: `${fieldLabel(taxonomy, item.fieldCode)}｜${Regions.get(item.regionCode)?.fullName ?? item.regionCode}。符合贵单位的订阅条件，可在平台上查看。`,
        subject: { [kind === 'demand' ? 'demandId' : 'achievementId']: item.id, subscriptionId: s.id },
      }];
    });
  });
  await notify(manager, notices);
  return notices.length;
}
