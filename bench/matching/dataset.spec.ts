import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Regions } from '@techbridge/domain';
import { benchSet, loadLabeledSet, withDistractors } from './dataset';
import { fieldOfLabel, fieldOfTexts } from './field-labels';
import { evaluate } from './metrics';
import { regionCodeOfPlaceName } from './region-lookup';
import { random } from '../support/seeded-random';
import { SyntheticCatalogue } from './synthetic';

describe('field labels of a set written elsewhere', () => {
  it('takes the platform label, a chain label, then the longest key word', () => {
    expect(fieldOfLabel('生物医药')).toEqual({ code: 'biomedicine', how: 'label' });
    expect(fieldOfLabel('人工智能')).toEqual({ code: 'information_technology', how: 'chain' });
    expect(fieldOfLabel('新能源汽车')).toEqual({ code: 'automotive', how: 'chain' });
    expect(fieldOfLabel('智能网联新能源汽车产业')?.code).toBe('automotive');
    expect(fieldOfLabel('海洋工程装备')?.code).toBe('marine');
    expect(fieldOfLabel('食品')?.code).toBe('food');
    expect(fieldOfLabel('电子信息')?.code).toBe('information_technology');
    expect(fieldOfLabel('半导体')?.code).toBe('integrated_circuits');
    expect(fieldOfLabel('现代服务业')).toBeUndefined();
  });

  it('judges a label it cannot read by the field knowledge its items use', () => {
    expect(fieldOfTexts(['番茄灰霉病防控，日光温室蔬菜栽培', '水稻育秧与测土配方施肥'])).toBe('agriculture');
    expect(fieldOfTexts(['电池热失控预警，储能电站电池管理系统'])).toBe('new_energy');
  });
});

describe('loading a labeled set', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'labeled-set-'));
    const demand = {
      ref: 'X-D1', title: '温室冬季加温成本高', description: '日光温室番茄越冬，夜间温度低。', indicators: '夜温≥8℃；成本降低30%',
      field: '设施农业与园艺', budgetWan: '80', cooperationModes: '技术转让、联合研发', region: '山东省潍坊市寿光市', desiredStage: '中试阶段',
    };
    const achievements = [
      { ref: 'X-A1', title: '温室相变蓄热墙体', summary: '白天蓄热夜间放热。', keywords: '相变材料；蓄热', field: '设施农业与园艺', trl: '6', stage: '已产业化', cooperationModes: ['技术许可'], region: '', priceWan: '面议' },
      { ref: 'X-A2', title: '番茄灰霉病烟剂', summary: '低温高湿期防控。', keywords: ['灰霉病'], field: '现代农业', trl: 12, stage: '?', cooperationModes: [], region: '辽宁省沈阳市', priceWan: 30 },
    ];
    // A byte-order mark, Windows line ends, a header row and a blank line: what an editor leaves behind.
    writeFileSync(join(dir, 'demands.jsonl'), `\uFEFF${JSON.stringify(demand)}\r\n\r\n`);
    writeFileSync(join(dir, 'achievements.jsonl'), achievements.map((a) => JSON.stringify(a)).join('\r\n'));
    writeFileSync(join(dir, 'qrels.tsv'), 'demand\tachievement\tgrade\r\nX-D1\tX-A1\t2\r\nX-D1 X-A2 0\r\nX-D9\tX-A2\t0\r\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('maps loose labels and values onto the project codes', () => {
    const set = loadLabeledSet(dir);
    const [d] = set.demands;
    expect(d).toMatchObject({
      id: 'X-D1', fieldCode: 'agriculture', indicators: ['夜温≥8℃', '成本降低30%'], budget: { maxWan: 80, negotiable: false },
      cooperationModes: ['transfer', 'joint_development'], desiredStage: 'pilot', region: expect.stringMatching(/^3707/),
    });
    const [a1, a2] = set.achievements;
    expect(a1).toMatchObject({ fieldCode: 'agriculture', keywords: ['相变材料', '蓄热'], trl: 6, stage: 'commercial', price: { negotiable: true }, region: '' });
    expect(a2).toMatchObject({ fieldCode: 'agriculture', keywords: ['灰霉病'], trl: undefined, stage: undefined, price: { minWan: 30, maxWan: 30 } });
    expect([...set.qrels.get('X-D1')!]).toEqual([['X-A1', 2], ['X-A2', 0]]);
  });

  it('scores only demands with something relevant judged', () => {
    const set = loadLabeledSet(dir);
    const summary = evaluate(new Map([['X-D1', ['X-A2', 'X-A1']]]), set.qrels);
    expect(summary.perDemand.map((m) => m.demandId)).toEqual(['X-D1']);
    expect(summary.mrr).toBe(0.5);
  });

  it('adds distractors: synthetic ones in the set\'s shape, and another set\'s achievements under ids that do not collide', () => {
    const synthetic = withDistractors(loadLabeledSet(dir), 3).achievements.slice(2);
    expect(synthetic).toHaveLength(3);
    // The baseline reads title, summary and keywords only; a distractor carries everything there.
    for (const a of synthetic) expect(a).not.toHaveProperty('innovationPoints');
    expect(synthetic[0]!.summary).toMatch(/适用于/);

    expect(benchSet(['node', 'run.js', dir]).distractors).toBe(false);
    const { set, label, distractors } = benchSet(['node', 'run.js', dir, '--distractors-from', dir]);
    expect(distractors).toBe(true);
    expect(set.achievements.map((a) => a.id)).toEqual(['X-A1', 'X-A2', 'other-X-A1', 'other-X-A2']);
    expect(set.demands).toHaveLength(1);
    expect([...set.qrels.get('X-D1')!.keys()]).toEqual(['X-A1', 'X-A2']);
    expect(label).toContain('as distractors');
  });
});

describe('the synthetic catalogue', () => {
  it('writes only region codes the platform knows, so its items pass the API (bench:matching --distractors)', () => {
    const catalogue = new SyntheticCatalogue(random(7));
    const regions = new Set<string>();
    for (let i = 0; i < 400; i++) regions.add(catalogue.achievement(i).region).add(catalogue.demand(i).region);
    expect(regions.size).toBeGreaterThan(10);
    expect([...regions].filter((code) => Regions.get(code) === undefined)).toEqual([]);
  });
});

describe('place names', () => {
  it('resolve with or without their province, never by a district name alone', () => {
    expect(regionCodeOfPlaceName('辽宁省大连市金州区')).toMatch(/^2102/);
    expect(regionCodeOfPlaceName('大连市金州区')).toMatch(/^2102/);
    expect(regionCodeOfPlaceName('沈阳')).toBe('210100');
    expect(regionCodeOfPlaceName('吉林市丰满区')).toMatch(/^2202/);
    expect(regionCodeOfPlaceName('吉林省')).toBe('220000');
    expect(regionCodeOfPlaceName('铁东区')).toBe('');
  });
});
