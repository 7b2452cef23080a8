import { achievementProblems, demandProblems, isCalendarDay, normalizeExternalRef, passedChallengeDeadline, updateProblems } from './item-rules';
import type { AchievementInput, DemandInput } from './inputs';
import type { TaxonomySnapshot } from './taxonomy-snapshot';

const taxonomy: TaxonomySnapshot = {
  fields: new Map([['equipment', { label: '装备制造', active: true }]]),
  chains: new Map([['bearings_and_parts', { label: '轴承及零部件', fieldCode: 'equipment', active: true }]]),
};

const demand = (overrides: Partial<DemandInput> = {}): DemandInput => ({
  title: '主轴轴承早期损伤预警', description: '低转速下滚道剥落难以提前发现，需要早期预警技术。', indicators: [], fieldCode: 'equipment', chainCodes: [], keywords: [],
  budget: { negotiable: true }, cooperationModes: ['joint_development'], desiredStage: 'industrial', regionCode: '210211', localPreference: false,
  validUntil: '2099-12-31', visibility: 'public', ...overrides,
});

const achievement = (overrides: Partial<AchievementInput> = {}): AchievementInput => ({
  title: '声发射轴承监测', summary: '宽频声发射传感器捕捉滚道微裂纹扩展释放的应力波。', innovationPoints: [], applicationScenarios: [], fieldCode: 'equipment', chainCodes: [],
  keywords: [], trl: 6, stage: 'pilot', ipRights: [], cooperationModes: ['license'], price: { negotiable: true }, teamLead: '王立新', regionCode: '210211', visibility: 'public',
  ...overrides,
});

const found = (problems: Array<{ field: string; code: string }>) => problems.map((p) => `${p.field}:${p.code}`);

describe('the catalogue’s limits, shared by the API and the import', () => {
  it('accepts items at the limits', () => {
    expect(found(demandProblems(demand({ title: '题'.repeat(120), externalRef: 'R'.repeat(64), keywords: Array(10).fill('词'.repeat(30)) }), taxonomy))).toEqual([]);
  });

  it('refuses over-long texts and lists of a demand, naming the field', () => {
    const problems = demandProblems(
      demand({
        title: '题'.repeat(121), neutralTitle: '中'.repeat(121), externalRef: 'R'.repeat(65), description: '述'.repeat(5001), existingBasis: '基'.repeat(2001),
        indicators: Array(21).fill('指标'), keywords: ['轴承', '词'.repeat(31)], chainCodes: Array(11).fill('bearings_and_parts'),
        challenge: { rewardWan: 1e11, deadline: '2099-01-01', evaluationPlan: '评'.repeat(5001) },
      }),
      taxonomy,
    );
    expect(found(problems)).toEqual([
      'externalRef:maxLength', 'title:maxLength', 'neutralTitle:maxLength', 'chainCodes:arrayMaxSize', 'keywords.1:maxLength', 'description:maxLength',
      'indicators:arrayMaxSize', 'existingBasis:maxLength', 'challenge.rewardWan:outOfRange', 'challenge.evaluationPlan:maxLength',
    ]);
  });

  it('refuses over-long texts and lists of an achievement, and too short ones', () => {
    const problems = achievementProblems(
      achievement({
        title: '题', summary: '太短', teamLead: '长'.repeat(101), innovationPoints: Array(11).fill('点'), applicationScenarios: ['景'.repeat(501)],
        ipRights: [{ kind: 'know_how', status: 'applied', title: '名'.repeat(201) }],
      }),
      taxonomy,
    );
    expect(found(problems)).toEqual(['title:minLength', 'summary:minLength', 'innovationPoints:arrayMaxSize', 'applicationScenarios.0:maxLength', 'teamLead:maxLength', 'ipRights.0.title:maxLength']);
  });

  it('refuses the NUL character anywhere, naming its path', () => {
    expect(found(demandProblems(demand({ indicators: ['好', '坏\u0000'], existingBasis: '\u0000' }), taxonomy))).toEqual(['indicators.1:nulCharacter', 'existingBasis:nulCharacter']);
  });
});

describe('calendar days', () => {
  it('are days that exist, in years PostgreSQL stores', () => {
    expect(['2026-02-28', '2024-02-29', '0001-01-01', '9999-12-31'].filter(isCalendarDay)).toHaveLength(4);
    expect(['2026-02-29', '2026-13-01', '0000-01-01', '0000-12-31', '2026-1-1', '2026-01-01T00:00'].filter(isCalendarDay)).toEqual([]);
  });
});

describe('a 揭榜挂帅 deadline', () => {
  const TODAY = '2026-06-15';
  const challenge = (deadline: string) => ({ rewardWan: 100, deadline, evaluationPlan: '初评—现场考察—综合论证' });

  it('must be ahead when it is set, not when it merely stays', () => {
    const stored = demand({ challenge: challenge('2026-06-10') });
    const kept = demand({ title: '主轴轴承早期损伤预警（修订）', challenge: { ...challenge('2026-06-10'), rewardWan: 120 } });
    expect(found(updateProblems(demandProblems(kept, taxonomy, TODAY), stored, kept))).toEqual([]);
    const moved = demand({ challenge: challenge('2026-06-12') });
    expect(found(updateProblems(demandProblems(moved, taxonomy, TODAY), stored, moved))).toEqual(['challenge.deadline:inFuture']);
    // Made a challenge anew: a new deadline, however it compares.
    const again = demand({ challenge: challenge('2026-06-10') });
    expect(found(updateProblems(demandProblems(again, taxonomy, TODAY), demand({ challenge: null }), again))).toEqual(['challenge.deadline:inFuture']);
    // Other dates still hold: a 有效期 in the past is refused whatever stays.
    const lapsed = demand({ validUntil: '2026-06-01', challenge: challenge('2026-05-30') });
    expect(found(updateProblems(demandProblems(lapsed, taxonomy, TODAY), lapsed, lapsed))).toEqual(['validUntil:inFuture']);
  });

  it('that has passed keeps a challenge from being published; the deadline day itself is still open', () => {
    expect(passedChallengeDeadline(demand({ challenge: challenge('2026-06-14') }), TODAY)).toBe('2026-06-14');
    expect(passedChallengeDeadline(demand({ challenge: challenge('2026-06-15') }), TODAY)).toBeNull();
    expect(passedChallengeDeadline(demand({ challenge: null }), TODAY)).toBeNull();
    expect(passedChallengeDeadline(achievement(), TODAY)).toBeNull();
  });
});

describe('an externalRef', () => {
  it('is trimmed, and none when blank', () => {
    expect(['  R-1 ', '', '   ', null, undefined].map(normalizeExternalRef)).toEqual(['R-1', null, null, null, null]);
  });
});

describe('industry chains (产业链)', () => {
  // A chain is listed under one field, but cuts across fields: a materials achievement serves the aviation chain.
  const crossing: TaxonomySnapshot = {
    fields: new Map([['materials', { label: '新材料', active: true }], ['aerospace', { label: '航空航天', active: true }]]),
    chains: new Map([['aviation_equipment', { label: '航空装备', fieldCode: 'aerospace', active: true }]]),
  };

  it('may be listed under another field than the item’s', () => {
    expect(found(achievementProblems(achievement({ fieldCode: 'materials', chainCodes: ['aviation_equipment'] }), crossing))).toEqual([]);
    expect(found(demandProblems(demand({ fieldCode: 'materials', chainCodes: ['aviation_equipment'] }), crossing))).toEqual([]);
  });
});
