import { buildDemoCatalog } from './demo-catalog';
import { buildDemoDisclosures } from './demo-disclosures';

describe('the demo requests for confidential details', () => {
  const catalog = buildDemoCatalog();
  const plans = buildDemoDisclosures(catalog);
  const demoEnterprise = catalog.organizations.find((o) => o.type === 'enterprise')!.key;
  const typeOf = new Map(catalog.organizations.map((o) => [o.key, o.type]));

  it('each asks for a published confidential item of another organisation, which the API would take', () => {
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) {
      const item = (plan.kind === 'demand' ? catalog.demands : catalog.achievements).find((i) => i.externalRef === plan.itemRef);
      expect(item).toMatchObject({ owner: plan.owner, visibility: 'confidential', status: 'published' });
      expect(plan.requester).not.toBe(plan.owner);
      expect(['enterprise', 'university', 'institute']).toContain(typeOf.get(plan.requester));
    }
  });

  it('give the demo user an answered request of its own, one still open, and one to answer', () => {
    const own = plans.filter((p) => p.requester === demoEnterprise);
    expect(own.map((p) => p.answer).sort()).toEqual(['approve', 'pending']);
    expect(plans.filter((p) => p.owner === demoEnterprise && p.answer === 'pending')).toHaveLength(1);
  });
});
