/**
 * 申请查看详情 in the demo: the demo enterprise asks for the details of confidential achievements
 * written to answer its demands (one owner has approved, one not yet), and a research
 * organisation whose achievement answers the demo enterprise's own confidential demand has asked
 * for its details, a request waiting for the demo user. Deterministic, from the pairs the
 * catalogue was written for (`buildDemoRelevance`).
 */
import { buildDemoRelevance } from './demo-catalog';
import type { DemoCatalog } from './types';

export interface DemoDisclosurePlan {
  /** DemoOrganization.key of the organisation asking. */
  requester: string;
  kind: 'demand' | 'achievement';
  /** The confidential item (externalRef) and its owner (DemoOrganization.key). */
  itemRef: string;
  owner: string;
  message: string;
  /** approve: the owner answers yes; pending: it has not answered yet. */
  answer: 'approve' | 'pending';
}

const ASKING_ACHIEVEMENT = '我司有相关技术需求，希望了解该成果的技术指标、知识产权和合作方式。';
const ASKING_DEMAND = '我单位在该方向有成果和试验条件，希望了解具体技术指标以评估合作可能。';

export function buildDemoDisclosures(catalog: DemoCatalog): DemoDisclosurePlan[] {
  const demoEnterprise = catalog.organizations.find((o) => o.type === 'enterprise')!.key;
  const typeOf = new Map(catalog.organizations.map((o) => [o.key, o.type]));
  const research = (owner: string) => typeOf.get(owner) === 'university' || typeOf.get(owner) === 'institute';
  const demands = new Map(catalog.demands.map((d) => [d.externalRef, d]));
  const achievements = new Map(catalog.achievements.map((a) => [a.externalRef, a]));
  const open = (item: { visibility: string; status: string } | undefined) => item?.visibility === 'confidential' && item.status === 'published';
  const relevance = buildDemoRelevance();

  const asked = relevance
    .filter((r) => demands.get(r.demandRef)?.owner === demoEnterprise && open(achievements.get(r.achievementRef)) && research(achievements.get(r.achievementRef)!.owner))
    .map((r) => achievements.get(r.achievementRef)!)
    .filter((a, i, all) => all.indexOf(a) === i)
    .slice(0, 2)
    .map((a, i): DemoDisclosurePlan => ({ requester: demoEnterprise, kind: 'achievement', itemRef: a.externalRef, owner: a.owner, message: ASKING_ACHIEVEMENT, answer: i === 0 ? 'approve' : 'pending' }));

  const ownSecret = catalog.demands.find((d) => d.owner === demoEnterprise && open(d));
  const asker = ownSecret && relevance.map((r) => r.demandRef === ownSecret.externalRef && achievements.get(r.achievementRef)).find((a) => a && research(a.owner));
  const askedOfUs: DemoDisclosurePlan[] =
    ownSecret && asker ? [{ requester: asker.owner, kind: 'demand', itemRef: ownSecret.externalRef, owner: demoEnterprise, message: ASKING_DEMAND, answer: 'pending' }] : [];
  return [...asked, ...askedOfUs];
}
