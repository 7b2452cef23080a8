import { criteriaProblems, matchesSubscription, type PublishedItem } from './subscription-rules';

const item: PublishedItem = {
  organizationId: 'o1',
  title: '风电主轴轴承早期损伤预警',
  neutralTitle: '能源装备监测技术需求',
  keywords: ['振动监测', 'SCADA'],
  fieldCode: 'equipment',
  regionCode: '210211',
  visibility: 'public',
};
const criteria = (over: Partial<{ fieldCodes: string[]; keywords: string[]; regionPrefix: string | null }> = {}) => ({ fieldCodes: [], keywords: [], regionPrefix: null, ...over });

describe('subscription matching', () => {
  it('holds when every criterion given holds', () => {
    expect(matchesSubscription(criteria({ fieldCodes: ['equipment', 'new_energy'] }), item)).toBe(true);
    expect(matchesSubscription(criteria({ fieldCodes: ['materials'] }), item)).toBe(false);
    expect(matchesSubscription(criteria({ regionPrefix: '2102' }), item)).toBe(true);
    expect(matchesSubscription(criteria({ regionPrefix: '2101' }), item)).toBe(false);
    expect(matchesSubscription(criteria({ fieldCodes: ['equipment'], regionPrefix: '2101' }), item)).toBe(false);
  });

  it('finds any word in the title or the keywords, ignoring case', () => {
    expect(matchesSubscription(criteria({ keywords: ['齿轮', '轴承'] }), item)).toBe(true);
    expect(matchesSubscription(criteria({ keywords: ['scada'] }), item)).toBe(true);
    expect(matchesSubscription(criteria({ keywords: ['齿轮'] }), item)).toBe(false);
  });

  it('matches words of a confidential item only in its neutral title', () => {
    const hidden = { ...item, visibility: 'confidential' as const };
    expect(matchesSubscription(criteria({ keywords: ['轴承'] }), hidden)).toBe(false);
    expect(matchesSubscription(criteria({ keywords: ['SCADA'] }), hidden)).toBe(false);
    expect(matchesSubscription(criteria({ keywords: ['监测技术'] }), hidden)).toBe(true);
    expect(matchesSubscription(criteria({ fieldCodes: ['equipment'] }), hidden)).toBe(true);
  });
});

describe('subscription criteria', () => {
  const taxonomy = { fields: new Map([['equipment', { label: '装备', active: true }]]), chains: new Map() };
  it('names unknown fields, a malformed region and a subscription to everything', () => {
    expect(criteriaProblems(criteria({ fieldCodes: ['equipment', 'astrology'] }), taxonomy).map((p) => p.field)).toEqual(['fieldCodes.1']);
    expect(criteriaProblems(criteria({ regionPrefix: '210' }), taxonomy).map((p) => p.field)).toEqual(['regionPrefix']);
    expect(criteriaProblems(criteria(), taxonomy)).toEqual([expect.objectContaining({ field: 'fieldCodes', code: 'required' })]);
    expect(criteriaProblems(criteria({ keywords: ['轴承'] }), taxonomy)).toEqual([]);
  });
});
