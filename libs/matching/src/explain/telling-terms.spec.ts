import { MatchingEngine } from '../engine';
import { aDemand, anAchievement } from '../testing/fixtures';
import { isTellingTerm } from './telling-terms';

describe('isTellingTerm', () => {
  it('rejects units, lone characters and generic words, keeps technical words', () => {
    expect(isTellingTerm('mm')).toBe(false);
    expect(isTellingTerm('下')).toBe(false);
    expect(isTellingTerm('系统')).toBe(false);
    expect(isTellingTerm('状态')).toBe(false);
    expect(isTellingTerm('阻垢剂')).toBe(true);
    expect(isTellingTerm('SOFC')).toBe(true);
  });

  it('rejects a word spread over more than a quarter of a catalogue, once the catalogue is large enough to tell', () => {
    expect(isTellingTerm('监测', { documents: 30, corpus: 100 })).toBe(false);
    expect(isTellingTerm('监测', { documents: 20, corpus: 100 })).toBe(true);
    expect(isTellingTerm('监测', { documents: 2, corpus: 4 })).toBe(true);
  });
});

describe('explanations list telling terms only', () => {
  it('keeps generic words and words found everywhere out of the matched terms', () => {
    const engine = new MatchingEngine();
    // 50 unrelated achievements that all mention 在线 (a word of the demand), so it is generic here.
    for (let i = 0; i < 50; i++) {
      engine.upsertAchievement(anAchievement({ id: `x${i}`, title: `在线编号${i}号纺织品印染工艺`, summary: `在线印染与定型，批次${i}`, fieldCode: 'textiles' }));
    }
    engine.upsertAchievement(
      anAchievement({ id: 'a', title: '高炉冷却壁在线清洗系统', summary: '循环冷却水阻垢剂与在线清洗系统，下游状态稳定', fieldCode: 'metallurgy' }),
    );
    const demand = aDemand({ id: 'd', title: '高炉冷却壁结垢', description: '冷却壁在线清洗系统状态差，需要阻垢剂，下一步改造', fieldCode: 'metallurgy' });
    const best = engine.topMatches('demand', demand)[0]!;
    expect(best.achievementId).toBe('a');
    const words = best.explanation.terms.flatMap((t) => [t.demandTerm, t.achievementTerm]);
    expect(words).toEqual(expect.arrayContaining(['高炉', '阻垢剂']));
    for (const junk of ['系统', '状态', '下', '在线']) expect(words).not.toContain(junk);
  });
});
