import { MatchingEngine } from '../engine';
import { regionValue } from '../scoring/components';
import { aDemand, anAchievement } from '../testing/fixtures';
import type { MatchExplanation } from './notes';
import { redactComponents, redactExplanation, renderExplanation } from './render';

const everyone = { demand: true, achievement: true };

/** A confidential demand and a public achievement, matched on text the demand keeps hidden. */
function confidentialPair(): MatchExplanation {
  const engine = new MatchingEngine();
  engine.upsertAchievement(
    anAchievement({
      id: 'a',
      title: '高炉冷却壁水垢在线清洗与阻垢技术',
      summary: '循环冷却水阻垢剂与在线清洗',
      fieldCode: 'metallurgy',
      region: '210302',
      stage: 'laboratory',
      trl: 3,
      price: { minWan: 120, maxWan: 120, negotiable: false },
      cooperationModes: ['transfer'],
    }),
  );
  const demand = aDemand({
    id: 'd',
    title: '某钢厂高炉冷却壁结垢严重',
    description: '冷却壁水管结垢导致换热变差，外购阻垢剂效果差',
    fieldCode: 'metallurgy',
    region: '210304',
    desiredStage: 'pilot',
    budget: { maxWan: 50, negotiable: false },
    cooperationModes: ['joint_development'],
  });
  return engine.topMatches('demand', demand)[0]!.explanation;
}

describe('renderExplanation', () => {
  const explanation = confidentialPair();

  it('names the matched terms, the facts that fit and the gaps, in Chinese', () => {
    const rendered = renderExplanation(explanation, { visibility: everyone });
    expect(rendered.matched.join('；')).toMatch(/「(高炉|冷却壁|阻垢剂)」/);
    expect(rendered.matched).toContain('同属冶金领域');
    expect(rendered.matched).toContain('双方同城，利于本地转化');
    expect(rendered.gaps).toEqual(
      expect.arrayContaining(['需要中试，成果处于实验室阶段（TRL 3）', '预算 50 万元，报价 120 万元']),
    );
    expect(rendered.gaps.join()).toContain('合作方式不一致');
    expect(rendered.text).toContain('差距：需要中试，成果处于实验室阶段');
  });

  it('tells a task conflict as a gap, and only to viewers who may read both sides', () => {
    const note = { kind: 'task', demandTasks: ['detect'], achievementTasks: ['repair'] } as const;
    const conflict: MatchExplanation = { terms: [], notes: [note] };
    expect(renderExplanation(conflict, { visibility: everyone }).gaps).toEqual(['需求要检测监测，成果是修复技术']);
    expect(renderExplanation(conflict, { visibility: { demand: false, achievement: true } }).gaps).toEqual([]);
  });

  it('names regions when given a resolver', () => {
    const rendered = renderExplanation(explanation, { visibility: everyone, regionName: () => '鞍山市' });
    expect(rendered.matched).toContain('双方同在鞍山市，利于本地转化');
  });
});

describe('redaction', () => {
  const explanation = confidentialPair();
  const hiddenDemandTerms = ['某钢厂', '高炉', '冷却壁', '结垢', '水管', '换热', '阻垢剂', '外购', '50'];

  it('shows a viewer who may not read the demand only field, chain, region and neutral facts', () => {
    const rendered = renderExplanation(explanation, { visibility: { demand: false, achievement: true } });
    expect(rendered.matched).toEqual(['同属冶金领域', '双方同城，利于本地转化']);
    expect(rendered.gaps).toEqual([]);
    for (const term of hiddenDemandTerms) expect(rendered.text).not.toContain(term);
    expect(rendered.text).not.toMatch(/预算|报价|中试|合作方式/);
  });

  it('hides the achievement side just as well', () => {
    const rendered = renderExplanation(explanation, { visibility: { demand: true, achievement: false } });
    expect(rendered.text).not.toMatch(/「|报价|实验室|TRL|技术转让/);
    expect(rendered.matched).toContain('同属冶金领域');
  });

  it('keeps local preference, a demand detail, out of a redacted region note', () => {
    const note = { kind: 'region', level: 'elsewhere', demandRegion: '210304', achievementRegion: '110108', localPreference: true } as const;
    const withPreference: MatchExplanation = { terms: [], notes: [note] };
    expect(renderExplanation(withPreference, { visibility: everyone }).gaps).toEqual(['需求方希望本地转化，成果方不在本省']);
    expect(redactExplanation(withPreference, { demand: false, achievement: true }).notes).toEqual([{ ...note, localPreference: false }]);
  });

  it('shows a redacted viewer the same region note and part whether or not the demand asked for local transfer', () => {
    const outsider = { demand: false, achievement: true };
    for (const level of ['city', 'province', 'elsewhere', 'unknown'] as const) {
      const seen = [true, false].map((localPreference) => {
        const explanation: MatchExplanation = { terms: [], notes: [{ kind: 'region', level, demandRegion: '210102', achievementRegion: '210202', localPreference }] };
        const components = { text: 0.8, field: 1, region: regionValue(level, localPreference), maturity: 0.5 };
        return { rendered: renderExplanation(explanation, { visibility: outsider }), components: redactComponents(components, explanation, outsider) };
      });
      expect(seen[0]).toEqual(seen[1]);
      expect(seen[0]!.components).toEqual({ field: 1, region: regionValue(level, false) });
    }
  });

  it('shows the demand side its own preference in the region part', () => {
    const explanation: MatchExplanation = { terms: [], notes: [{ kind: 'region', level: 'province', demandRegion: '210102', achievementRegion: '210202', localPreference: true }] };
    const components = { field: 1, region: regionValue('province', true), maturity: 0.5 };
    expect(redactComponents(components, explanation, { demand: true, achievement: false })).toEqual({ field: 1, region: 0.5 });
  });

  it('never shows the feedback part, learnt from both sides’ verdicts, even to a viewer who reads both items', () => {
    const components = { text: 0.8, field: 1, region: 0.5, feedback: 0 };
    expect(redactComponents(components, { terms: [], notes: [] }, everyone)).toEqual({ text: 0.8, field: 1, region: 0.5 });
  });

  it('returns a structure with nothing hidden left in it', () => {
    const redacted = redactExplanation(explanation, { demand: false, achievement: true });
    expect(redacted.terms).toEqual([]);
    expect(redacted.notes.map((n) => n.kind).sort()).toEqual(['field', 'region']);
  });
});
