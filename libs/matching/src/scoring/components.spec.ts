import { factsOf } from '../index/facts';
import type { AchievementFacts, DemandFacts } from '../index/facts';
import { aDemand, anAchievement } from '../testing/fixtures';
import type { MatchableAchievement, MatchableDemand } from '../types';
import { achievementRank, budgetFit, fieldFit, maturityFit, modesFit, regionFit, taskFit } from './components';
import { FieldAffinity } from './field-affinity';

const d = (o: Partial<MatchableDemand>): DemandFacts => factsOf('demand', aDemand({ id: 'd', ...o })) as DemandFacts;
const a = (o: Partial<MatchableAchievement>): AchievementFacts =>
  factsOf('achievement', anAchievement({ id: 'a', ...o })) as AchievementFacts;

describe('maturityFit', () => {
  it('fits when the achievement is at or beyond the stage the enterprise needs', () => {
    expect(maturityFit(d({ desiredStage: 'pilot' }), a({ stage: 'pilot' })).value).toBe(1);
    expect(maturityFit(d({ desiredStage: 'pilot' }), a({ stage: 'commercial' })).value).toBe(1);
  });

  it('loses 35% per missing stage and records the gap', () => {
    const result = maturityFit(d({ desiredStage: 'pilot' }), a({ stage: 'laboratory', trl: 3 }));
    expect(result.value).toBeCloseTo(0.3);
    expect(result.notes).toEqual([{ kind: 'maturity', fits: false, needed: 'pilot', stage: 'laboratory', trl: 3 }]);
    expect(maturityFit(d({ desiredStage: 'commercial' }), a({ stage: 'laboratory' })).value).toBe(0);
  });

  it('reads the stage from the TRL when no stage is given', () => {
    expect(achievementRank({ trl: 6 })).toBe(2); // 中试
    expect(maturityFit(d({ desiredStage: 'industrial' }), a({ trl: 6 })).value).toBeCloseTo(0.65);
  });

  it('is neutral when either side is silent', () => {
    expect(maturityFit(d({}), a({ stage: 'laboratory' }))).toEqual({ value: 0.5, notes: [] });
  });
});

describe('budgetFit', () => {
  it('fits a price within budget', () => {
    expect(budgetFit(d({ budget: { maxWan: 60, negotiable: false } }), a({ price: { minWan: 35, maxWan: 35, negotiable: false } })).value).toBe(1);
  });

  it('scores budget / price when the price is higher, and records both figures', () => {
    const result = budgetFit(d({ budget: { maxWan: 50, negotiable: false } }), a({ price: { minWan: 120, maxWan: 120, negotiable: false } }));
    expect(result.value).toBeCloseTo(50 / 120);
    expect(result.notes[0]).toMatchObject({ kind: 'budget', fits: false, budget: { maxWan: 50 }, price: { minWan: 120 } });
  });

  it('softens the shortfall when a side is negotiable, and is neutral without figures', () => {
    const soft = budgetFit(d({ budget: { maxWan: 50, negotiable: true } }), a({ price: { minWan: 100, negotiable: false } }));
    expect(soft.value).toBeCloseTo(0.4 + 0.6 * 0.5);
    expect(budgetFit(d({ budget: { negotiable: true } }), a({ price: { minWan: 100, negotiable: false } })).value).toBe(0.5);
  });
});

describe('regionFit', () => {
  const demandIn = (region: string, localPreference = false): DemandFacts => d({ region, localPreference });
  it.each([
    ['210211', '210202', 1],
    ['210211', '210106', 0.7],
    ['210211', '110108', 0.4],
    ['210211', '', 0.5],
  ])('ranks same city > same province > elsewhere (%s vs %s)', (dr, ar, value) => {
    expect(regionFit(demandIn(dr), a({ region: ar })).value).toBe(value);
  });

  it('counts distance more when the demand asks for a local partner', () => {
    expect(regionFit(demandIn('210211', true), a({ region: '210202' })).value).toBe(1);
    expect(regionFit(demandIn('210211', true), a({ region: '210106' })).value).toBe(0.5);
    expect(regionFit(demandIn('210211', true), a({ region: '110108' })).value).toBe(0);
  });
});

describe('modesFit', () => {
  it('rewards a shared mode, more shared modes a little more', () => {
    const one = modesFit(d({ cooperationModes: ['license', 'joint_development'] }), a({ cooperationModes: ['license'] }));
    const both = modesFit(d({ cooperationModes: ['license', 'joint_development'] }), a({ cooperationModes: ['license', 'joint_development'] }));
    expect(one.value).toBeCloseTo(0.9);
    expect(both.value).toBe(1);
    expect(one.notes[0]).toMatchObject({ kind: 'modes', shared: ['license'] });
  });

  it('gives near modes half credit and unrelated modes none', () => {
    expect(modesFit(d({ cooperationModes: ['transfer'] }), a({ cooperationModes: ['license'] })).value).toBeCloseTo(0.4);
    expect(modesFit(d({ cooperationModes: ['transfer'] }), a({ cooperationModes: ['technical_service'] })).value).toBe(0);
    expect(modesFit(d({ cooperationModes: [] }), a({ cooperationModes: ['license'] })).value).toBe(0.5);
  });
});

describe('fieldFit', () => {
  const affinity = FieldAffinity.parse('equipment robotics 0.5');
  it('prefers the same field, then an adjacent one, and adds shared chains', () => {
    expect(fieldFit(d({ fieldCode: 'equipment' }), a({ fieldCode: 'equipment' }), affinity).value).toBe(1);
    expect(fieldFit(d({ fieldCode: 'equipment' }), a({ fieldCode: 'robotics' }), affinity).value).toBe(0.5);
    expect(fieldFit(d({ fieldCode: 'equipment' }), a({ fieldCode: 'food' }), affinity).value).toBe(0);
    const chains = fieldFit(
      d({ fieldCode: 'equipment', chainCodes: ['gas_turbines'] }),
      a({ fieldCode: 'robotics', chainCodes: ['gas_turbines'] }),
      affinity,
    );
    expect(chains.value).toBeCloseTo(0.6 * 0.5 + 0.4);
    expect(chains.notes).toContainEqual({ kind: 'chains', shared: ['gas_turbines'] });
  });
});

describe('taskFit', () => {
  it('is 0 with a note when the demand detects and the achievement only repairs', () => {
    const result = taskFit(d({ title: '叶片裂纹在线检测' }), a({ title: '叶片裂纹快速修复技术' }));
    expect(result).toEqual({ value: 0, notes: [{ kind: 'task', demandTasks: ['detect'], achievementTasks: ['repair'] }] });
  });

  it('reads a symptom-only demand title from its goal sentence', () => {
    const demand = d({ title: '叶片裂纹频发', description: '目前靠定期停机检测。希望找到修复叶片的工艺。' });
    expect(taskFit(demand, a({ title: '叶片裂纹超声检测装置' })).value).toBe(0);
    expect(taskFit(demand, a({ title: '叶片激光熔覆修复技术' })).value).toBe(1);
  });

  it('is 1 when the tasks agree, are mixed or unknown', () => {
    expect(taskFit(d({ title: '叶片裂纹在线检测' }), a({ title: '叶片裂纹超声检测装置' })).value).toBe(1);
    expect(taskFit(d({ title: '叶片裂纹在线检测' }), a({ title: '叶片裂纹监测与修复一体化系统' })).value).toBe(1);
    expect(taskFit(d({ title: '叶片裂纹' }), a({ title: '叶片激光熔覆修复技术' }))).toEqual({ value: 1, notes: [] });
  });
});
