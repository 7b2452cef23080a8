// Synthetic catalogue rows for the benchmarks: Chinese technical text assembled from the
// platform's own thesaurus (≈4,000 terms over 20 fields), so vocabulary and query selectivity
// resemble a real catalogue rather than a handful of repeated words. Deterministic for a seed.
import fs from 'node:fs';
import path from 'node:path';
import { INITIAL_CHAINS, INITIAL_FIELDS } from '@techbridge/domain';
import { random } from '../support/seeded-random';

interface FieldVocabulary {
  code: string;
  label: string;
  chain: string | undefined;
  terms: string[];
}

const THESAURUS_DIR = path.resolve(__dirname, '../../libs/text/src/data/thesaurus');
const FILE_FIELD: Record<string, string> = {
  '01': 'equipment', '02': 'robotics', '03': 'aerospace', '04': 'materials', '05': 'fine_chemicals', '06': 'petrochemicals', '07': 'metallurgy',
  '08': 'biomedicine', '09': 'medical_devices', '10': 'agriculture', '11': 'food', '12': 'environment', '13': 'new_energy', '14': 'automotive',
  '15': 'marine', '16': 'integrated_circuits', '17': 'information_technology', '18': 'construction', '19': 'mining', '20': 'textiles',
};

let vocabularies: FieldVocabulary[] | undefined;
function fields(): FieldVocabulary[] {
  if (vocabularies) return vocabularies;
  vocabularies = [];
  for (const file of fs.readdirSync(THESAURUS_DIR).sort()) {
    const code = FILE_FIELD[file.slice(0, 2)];
    if (!code) continue;
    const terms = new Set<string>();
    for (const line of fs.readFileSync(path.join(THESAURUS_DIR, file), 'utf8').split('\n')) {
      if (!line.trim() || line.startsWith('#') || line.startsWith('@')) continue;
      for (const part of line.split(/=>|=|~|,|，/)) {
        const term = part.trim();
        if (term && !term.includes('*') && /^[\u4e00-\u9fff]{2,8}$/.test(term)) terms.add(term);
      }
    }
    vocabularies.push({ code, label: INITIAL_FIELDS.find((f) => f.code === code)!.label, chain: INITIAL_CHAINS.find((c) => c.field === code)?.label, terms: [...terms] });
  }
  return vocabularies;
}

const CITIES = ['210102', '210211', '210302', '210402', '210502', '210603', '210703', '210802', '210902', '211002', '211102', '211202', '211302', '211402'];
const STAGES: Array<[string, number]> = [['实验室', 3], ['小试', 4], ['中试', 6], ['工业化', 7], ['产业化', 9]];
const MODES = ['技术转让', '技术许可', '合作开发', '委托开发', '技术服务'];
const EFFECTS = ['成本降低', '寿命延长', '效率提高', '能耗降低', '质量稳定', '良品率提高'];

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
const terms = (rnd: () => number, f: FieldVocabulary, n: number) => Array.from({ length: n }, () => pick(rnd, f.terms));

export const ACHIEVEMENT_HEADERS = ['外部编号', '成果名称', '成果简介', '技术领域', '产业链', '关键词', '技术成熟度(TRL)', '成熟度阶段', '合作方式', '价格(万元)', '团队负责人', '所在地区', '公开范围'];
export const DEMAND_HEADERS = ['外部编号', '需求名称', '拟解决的技术难题', '技术指标', '技术领域', '产业链', '关键词', '预算(万元)', '合作方式', '需求成熟度', '所在地区', '有效期至', '公开范围'];

/** Each row has its own random stream, so a query can be built from the words of any row. */
const rowRandom = (kind: 'achievements' | 'demands', i: number) => random((kind === 'achievements' ? 1_000_003 : 2_000_003) + i * 7_919);

export function achievementRow(i: number): string[] {
  const rnd = rowRandom('achievements', i);
  const f = pick(rnd, fields());
  const [a, b, c, d, e] = terms(rnd, f, 5);
  const [stage, trl] = pick(rnd, STAGES);
  const price = Math.round(10 + rnd() * 500);
  return [
    `BA-${i}`,
    `${a}${b}技术（第${i}号）`,
    `针对${a}中${c}的问题，团队采用${b}与${d}相结合的方案，经${stage}验证，${pick(rnd, EFFECTS)}，可用于${e}等场景的升级改造。`,
    f.label,
    f.chain ?? '',
    `${a}、${b}、${d}`,
    String(trl),
    stage,
    `${pick(rnd, MODES)}、${pick(rnd, MODES)}`,
    `${price}-${price + Math.round(rnd() * 200)}`,
    `${pick(rnd, ['王', '李', '张', '刘', '陈', '杨'])}${pick(rnd, ['立新', '建国', '晓明', '海燕', '志强', '丽华'])} 教授`,
    pick(rnd, CITIES),
    '公开',
  ];
}

export function demandRow(i: number, validUntil: string): string[] {
  const rnd = rowRandom('demands', i);
  const f = pick(rnd, fields());
  const [a, b, c, d] = terms(rnd, f, 4);
  const budget = Math.round(20 + rnd() * 800);
  const effect = pick(rnd, EFFECTS);
  return [
    `BD-${i}`,
    `${a}${c}问题攻关（${i}）`,
    `企业现有${a}生产线出现${c}，影响${d}，希望引进${b}等技术实现${effect}，并形成可复制的工艺规范。`,
    `${effect}不低于20%\n可在现有产线上改造`,
    f.label,
    f.chain ?? '',
    `${a}、${c}`,
    `${budget}-${budget + 100}`,
    pick(rnd, MODES),
    pick(rnd, ['中试', '工业化', '产业化']),
    pick(rnd, CITIES),
    validUntil,
    '公开',
  ];
}

/**
 * Search queries of 2–6 words with a filter, as users type them: words that occur together in
 * some row (2 to all of its 4–5 terms, a word sometimes repeated as people do).
 */
export function searchQueries(rnd: () => number, count: number, kind: 'achievements' | 'demands', rows: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const row = Math.floor(rnd() * rows);
    const rowRnd = rowRandom(kind, row);
    const f = pick(rowRnd, fields());
    const own = terms(rowRnd, f, kind === 'achievements' ? 5 : 4);
    const words = [...new Set(own)].slice(0, 2 + Math.floor(rnd() * 5));
    if (rnd() < 0.3) words.push(pick(rnd, own));
    const filter = pick(rnd, [`fieldCode=${f.code}`, `regionPrefix=${pick(rnd, CITIES).slice(0, 4)}`, kind === 'achievements' ? 'trlMin=4' : 'desiredStage=industrial', `fieldCode=${f.code}&regionPrefix=21`]);
    out.push(`q=${encodeURIComponent(words.join(' '))}&${filter}`);
  }
  return out;
}
