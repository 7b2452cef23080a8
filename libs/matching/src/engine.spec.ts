import { MatchingEngine } from './engine';
import { aDemand, anAchievement } from './testing/fixtures';
import { COMPONENT_NAMES } from './types';
import { DEFAULT_WEIGHTS, withWeights } from './weights';

const noExpansion = withWeights(DEFAULT_WEIGHTS, 'test-no-expansion', { text: { expansion: 0 } });

describe('MatchingEngine index', () => {
  it('finds an updated achievement by its new words and no longer by its old ones', () => {
    const engine = new MatchingEngine();
    engine.upsertAchievement(anAchievement({ id: 'a1', title: '风电齿轮箱油液在线监测', summary: '铁谱分析颗粒计数' }));
    engine.upsertAchievement(anAchievement({ id: 'a2', title: '光伏组件清洗机器人', summary: '无水清洗' }));
    const oil = aDemand({ id: 'q-oil', title: '齿轮箱油液监测' });
    const coating = aDemand({ id: 'q-coating', title: '热障涂层剥落修复' });
    expect(engine.candidates('demand', oil)).toEqual(['a1']);

    engine.upsertAchievement(anAchievement({ id: 'a1', version: 2, title: '燃气轮机叶片热障涂层修复', summary: '激光熔覆' }));
    expect(engine.candidates('demand', oil)).toEqual([]);
    expect(engine.candidates('demand', coating)).toEqual(['a1']);
    expect(engine.topMatches('demand', coating)[0]).toMatchObject({ achievementId: 'a1', achievementVersion: 2 });
    expect(engine.size).toEqual({ demand: 0, achievement: 2 });
  });

  it('forgets a removed item', () => {
    const engine = new MatchingEngine();
    engine.upsertAchievement(anAchievement({ id: 'a1', title: '锂电池热失控预警' }));
    expect(engine.removeAchievement('a1')).toBe(true);
    expect(engine.removeAchievement('a1')).toBe(false);
    expect(engine.candidates('demand', aDemand({ id: 'd', title: '电池热失控' }))).toEqual([]);
    expect(engine.size.achievement).toBe(0);
  });

  it('matches in both directions from the index', () => {
    const engine = new MatchingEngine();
    engine.upsertDemand(aDemand({ id: 'd1', title: '污水处理厂总氮超标', description: '反硝化碳源不足，出水总氮不达标' }));
    engine.upsertDemand(aDemand({ id: 'd2', title: '注塑件翘曲变形' }));
    engine.upsertAchievement(anAchievement({ id: 'a1', title: '低碳源污水深度脱氮技术', summary: '短程反硝化与厌氧氨氧化耦合' }));
    expect(engine.topMatches('demand', 'd1').map((m) => m.achievementId)).toEqual(['a1']);
    expect(engine.topMatches('achievement', 'a1').map((m) => m.demandId)).toEqual(['d1']);
  });

  it('never matches an organisation’s items with each other, from either side', () => {
    const engine = new MatchingEngine();
    engine.upsertDemand(aDemand({ id: 'd1', ownerId: 'u1', title: '污水处理厂总氮超标', description: '反硝化碳源不足，出水总氮不达标' }));
    engine.upsertAchievement(anAchievement({ id: 'own', ownerId: 'u1', title: '低碳源污水深度脱氮技术', summary: '短程反硝化与厌氧氨氧化耦合' }));
    engine.upsertAchievement(anAchievement({ id: 'other', ownerId: 'u2', title: '低碳源污水深度脱氮技术', summary: '短程反硝化与厌氧氨氧化耦合' }));
    expect(engine.topMatches('demand', 'd1').map((m) => m.achievementId)).toEqual(['other']);
    expect(engine.topMatches('achievement', 'own')).toEqual([]);
    expect(engine.topMatches('achievement', 'other').map((m) => m.demandId)).toEqual(['d1']);
  });
});

describe('MatchingEngine retrieval', () => {
  it('scores at most the configured number of candidates, never every pair', () => {
    const k = 20;
    const engine = new MatchingEngine({ weights: withWeights(DEFAULT_WEIGHTS, 'test-k', { retrieval: { candidates: k } }) });
    for (let i = 0; i < 300; i++) {
      engine.upsertAchievement(anAchievement({ id: `a${i}`, title: `第${i}号轴承振动监测装置`, summary: '滚动轴承故障诊断' }));
    }
    engine.pairsScored = 0;
    const matches = engine.topMatches('demand', aDemand({ id: 'd', title: '轴承振动大' }), 50);
    expect(engine.pairsScored).toBeLessThanOrEqual(k);
    expect(matches).toHaveLength(k);
  });

  it('reaches an achievement through an abbreviation only via the thesaurus', () => {
    const achievement = anAchievement({ id: 'a1', title: '固体氧化物燃料电池阴极材料' });
    const demand = aDemand({ id: 'd', title: 'SOFC电堆衰减' });
    const withThesaurus = new MatchingEngine();
    const without = new MatchingEngine({ weights: noExpansion });
    withThesaurus.upsertAchievement(achievement);
    without.upsertAchievement(achievement);
    expect(withThesaurus.candidates('demand', demand)).toEqual(['a1']);
    expect(without.candidates('demand', demand)).toEqual([]);
  });

  it('reaches the mechanism from an everyday description of the symptom', () => {
    const bearing = anAchievement({ id: 'bearing', title: '滚动轴承故障诊断与振动监测', summary: '包络解调识别早期剥落' });
    const demand = aDemand({ id: 'd', title: '电机用久了声音越来越大' });
    const withThesaurus = new MatchingEngine();
    const without = new MatchingEngine({ weights: noExpansion });
    withThesaurus.upsertAchievement(bearing);
    without.upsertAchievement(bearing);
    expect(without.candidates('demand', demand)).toEqual([]);
    const [match] = withThesaurus.topMatches('demand', demand);
    expect(match!.achievementId).toBe('bearing');
    expect(match!.explanation.terms).toContainEqual(expect.objectContaining({ demandTerm: '声音越来越大', relation: 'implies' }));
  });
});

describe('MatchingEngine scores', () => {
  const engine = new MatchingEngine();
  engine.upsertAchievement(
    anAchievement({ id: 'a1', title: '燃气轮机叶片热障涂层', stage: 'laboratory', price: { minWan: 120, maxWan: 120, negotiable: false } }),
  );
  const demand = aDemand({ id: 'd', title: '燃气轮机热障涂层剥落', desiredStage: 'pilot', budget: { maxWan: 50, negotiable: false } });

  it('records the weights version with the knowledge digest, both ids and versions, a 0–100 score and 0–1 components', () => {
    const [match] = engine.topMatches('demand', demand);
    expect(match).toMatchObject({ demandId: 'd', demandVersion: 1, achievementId: 'a1', achievementVersion: 1 });
    expect(match!.weightsVersion).toMatch(new RegExp(`^${DEFAULT_WEIGHTS.version.replace('.', '\\.')}\\+[0-9a-f]{8}$`));
    expect(match!.weightsVersion).toBe(engine.scoringVersion);
    // It is stored in a varchar(32).
    expect(match!.weightsVersion.length).toBeLessThanOrEqual(32);
    expect(match!.score).toBeGreaterThan(0);
    expect(match!.score).toBeLessThanOrEqual(100);
    for (const name of COMPONENT_NAMES) {
      expect(match!.components[name]).toBeGreaterThanOrEqual(0);
      expect(match!.components[name]).toBeLessThanOrEqual(1);
    }
  });

  it('records another configuration under its own version', () => {
    const tuned = new MatchingEngine({ weights: withWeights(DEFAULT_WEIGHTS, 'tuned-7', {}) });
    tuned.upsertAchievement(anAchievement({ id: 'a1', title: '燃气轮机叶片热障涂层' }));
    expect(tuned.topMatches('demand', demand)[0]!.weightsVersion).toMatch(/^tuned-7\+[0-9a-f]{8}$/);
  });

  it('scores the same pair the same from either side (feedback queries off)', () => {
    const both = new MatchingEngine({ weights: withWeights(DEFAULT_WEIGHTS, 'no-feedback', { feedbackQuery: { weight: 0 } }) });
    both.upsertAchievement(anAchievement({ id: 'a1', title: '燃气轮机叶片热障涂层', summary: '等离子喷涂' }));
    both.upsertDemand(demand);
    const now = new Date('2025-06-01T00:00:00Z');
    const fromDemand = both.topMatches('demand', 'd', 50, { now })[0]!;
    const fromAchievement = both.topMatches('achievement', 'a1', 50, { now })[0]!;
    expect(fromAchievement.score).toBe(fromDemand.score);
    expect(fromAchievement.components).toEqual(fromDemand.components);
  });
});

describe('MatchingEngine fusion', () => {
  /** Ranking of one demand over some achievements under a weights patch. */
  const rank = (patch: Parameters<typeof withWeights>[2], items: Parameters<MatchingEngine['upsertAchievement']>[0][], demand: Parameters<MatchingEngine['topMatches']>[1]): string[] => {
    const engine = new MatchingEngine({ weights: withWeights(DEFAULT_WEIGHTS, 'test', patch) });
    for (const item of items) engine.upsertAchievement(item);
    return engine.topMatches('demand', demand).map((m) => m.achievementId);
  };

  describe('task facet', () => {
    // The repair method shares more words with the demand; only the detection method answers it.
    const items = [
      anAchievement({ id: 'repair', title: '输油管道环焊缝裂纹快速修复技术', summary: '打磨后粘贴碳纤维复合材料补强' }),
      anAchievement({ id: 'detect', title: '管道环焊缝裂纹相控阵超声快速成像检测', summary: '相控阵超声扫查焊缝内部缺陷，现场成像' }),
    ];
    const demand = aDemand({ id: 'd', title: '输油管道环焊缝裂纹快速检测', description: '管道环焊缝裂纹需要在现场快速检出' });

    it('puts a method that does what the demand asks above one that shares more words but does the opposite', () => {
      expect(rank({}, items, demand)).toEqual(['detect', 'repair']);
      expect(rank({ components: { task: 0 } }, items, demand)).toEqual(['repair', 'detect']);
    });

    it('records the conflict as a component and a note', () => {
      const engine = new MatchingEngine();
      for (const item of items) engine.upsertAchievement(item);
      const repair = engine.topMatches('demand', demand).find((m) => m.achievementId === 'repair')!;
      expect(repair.components.task).toBe(0);
      expect(repair.explanation.notes).toContainEqual({ kind: 'task', demandTasks: ['detect'], achievementTasks: ['repair'] });
    });
  });

  describe('structured fit', () => {
    const demand = aDemand({ id: 'd', fieldCode: 'environment', title: '印染废水脱色与COD深度处理', description: '印染废水色度高，COD难降解' });

    it('cannot override strong text evidence from another field', () => {
      const items = [
        anAchievement({ id: 'strong', fieldCode: 'textiles', title: '印染废水脱色与COD深度处理技术', summary: '印染废水色度与COD同步去除' }),
        anAchievement({ id: 'weak', fieldCode: 'environment', title: '城镇污水处理厂提标改造', summary: '出水COD达标' }),
      ];
      expect(rank({}, items, demand)[0]).toBe('strong');
    });

    it('re-orders near ties towards the demand’s own field', () => {
      const items = [
        anAchievement({ id: 'other', fieldCode: 'information_technology', title: '印染废水脱色处理技术' }),
        anAchievement({ id: 'same', fieldCode: 'environment', title: '印染废水脱色处理技术' }),
      ];
      expect(rank({}, items, demand)).toEqual(['same', 'other']);
    });
  });

  describe('pseudo-relevance feedback', () => {
    // equip shares only 设备 with the demand, but 铁谱 and 磨粒 with the best answers.
    const items = [
      anAchievement({ id: 'a1', title: '风机齿轮箱点蚀铁谱监测', summary: '铁谱分析磨粒' }),
      anAchievement({ id: 'a2', title: '齿轮箱点蚀铁谱磨粒分析' }),
      anAchievement({ id: 'equip', title: '设备铁谱磨粒分析' }),
      anAchievement({ id: 'energy', title: '设备能耗统计' }),
    ];
    const demand = aDemand({ id: 'd', title: '风机齿轮箱点蚀', description: '齿轮箱点蚀，设备老旧' });

    it('lifts what the best answers have in common above an equally weak text match', () => {
      expect(rank({ feedbackQuery: { weight: 0 } }, items, demand).slice(2)).toEqual(['energy', 'equip']);
      expect(rank({ feedbackQuery: { weight: 0.3, documents: 2 } }, items, demand).slice(2)).toEqual(['equip', 'energy']);
    });
  });

  describe('stated limitations', () => {
    // Fenton names the hazardous waste the demand wants to avoid, but only as its own drawback.
    const items = [
      anAchievement({ id: 'fenton', title: '流化床Fenton深度氧化', summary: '焦化废水深度处理。不足之处是铁泥仍按危险废物管理，需调酸。' }),
      anAchievement({ id: 'ozone', title: '催化臭氧化深度处理', summary: '焦化废水深度处理，出水稳定达标。' }),
    ];
    const demand = aDemand({ id: 'd', title: '焦化废水深度处理', description: '出水达标，不产生危险废物，不需调酸' });

    it('weighs what an achievement says it cannot do less than what it offers', () => {
      expect(rank({ statements: { limitation: 1 } }, items, demand)).toEqual(['fenton', 'ozone']);
      expect(rank({}, items, demand)).toEqual(['ozone', 'fenton']);
    });
  });

  it('ranks by the same order it reports scores in, every score within 0–100', () => {
    const engine = new MatchingEngine();
    for (let i = 0; i < 30; i++) {
      engine.upsertAchievement(anAchievement({ id: `a${i}`, fieldCode: i % 2 ? 'equipment' : 'materials', title: `轴承${'振动监测'.slice(0, 1 + (i % 4))}技术${i}`, summary: i % 3 ? '滚动轴承' : '涂层' }));
    }
    const scores = engine.topMatches('demand', aDemand({ id: 'd', title: '滚动轴承振动监测' })).map((m) => m.score);
    expect(scores.length).toBeGreaterThan(10);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(0);
    for (const s of scores) expect(s).toBeLessThanOrEqual(100);
  });
});
