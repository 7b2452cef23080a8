import { INITIAL_FIELDS } from '@techbridge/domain';
import fc from 'fast-check';
import { normalizeText } from '../normalize';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { THESAURUS_DIR, Thesaurus } from './thesaurus';
import { parseThesaurus, ThesaurusSyntaxError } from './thesaurus-file';

const expansionsOf = (thesaurus: Thesaurus, term: string): Record<string, string> =>
  Object.fromEntries(thesaurus.expand(normalizeText(term)).map((e) => [e.term, e.kind]));

describe('parseThesaurus', () => {
  it('reads synonyms, implications, related groups and field scopes', () => {
    const entries = parseThesaurus(['SOFC = 固体氧化物燃料电池', '@fields food', '异响, 声音*大 => 轴承故障, 振动', '储能 ~ 电池管理'].join('\n'));
    expect(entries.map((e) => [e.kind, e.from, e.to, e.fields])).toEqual([
      ['synonym', ['sofc', '固体氧化物燃料电池'], [], []],
      ['implies', ['异响', '声音*大'], ['轴承故障', '振动'], ['food']],
      ['related', ['储能', '电池管理'], [], ['food']],
    ]);
  });

  it('reads a synonym group related to other terms on one line', () => {
    const kinds = parseThesaurus('质子交换膜 = pem ~ 全氟磺酸膜').map((e) => e.kind);
    expect(kinds).toEqual(['synonym', 'related']);
  });

  it.each([['只有一个词'], ['a => '], ['声音*大 = 噪声'], ['a => b*c']])('rejects %s with its line number', (line) => {
    expect(() => parseThesaurus(`# 注释\n${line}`)).toThrow(ThesaurusSyntaxError);
    expect(() => parseThesaurus(`# 注释\n${line}`)).toThrow(/line 2/);
  });
});

describe('Thesaurus', () => {
  const thesaurus = Thesaurus.parse(
    ['SOFC = 固体氧化物燃料电池', '固体氧化物燃料电池 => 阴极材料', '储能 = 蓄能', '异响, 声音*大 => 轴承故障', 'ut = 超声检测'].join('\n'),
  );

  it('expands an abbreviation to its full name and what the full name implies', () => {
    expect(expansionsOf(thesaurus, 'SOFC')).toEqual({ 固体氧化物燃料电池: 'synonym', 阴极材料: 'implies' });
    expect(expansionsOf(thesaurus, '蓄能')).toEqual({ 储能: 'synonym' });
  });

  it('links a mechanism back to the symptoms it explains', () => {
    expect(expansionsOf(thesaurus, '轴承故障')).toEqual({ 异响: 'impliedBy' });
  });

  it('finds patterns across the words of an everyday phrase, within one clause', () => {
    expect(thesaurus.find('电机用久了声音越来越大').map((h) => [h.term, h.text])).toEqual([['声音*大', '声音越来越大']]);
    expect(thesaurus.find('声音很小，大功率')).toEqual([]);
  });

  it('matches Latin abbreviations only as whole words', () => {
    expect(thesaurus.find('output 超声').map((h) => h.term)).toEqual([]);
    expect(thesaurus.find('采用ut检测').map((h) => h.term)).toEqual(['ut']);
  });

  it('reports only substrings of the text it was given', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'异响声音越来越大轴承故障蓄能储能ut ，。') }), (text) => {
        for (const hit of thesaurus.find(text)) expect(text.slice(hit.start, hit.start + hit.text.length)).toBe(hit.text);
      }),
    );
  });
});

describe('Thesaurus.shared', () => {
  const thesaurus = Thesaurus.shared();

  it('holds several hundred entries of general and per-field knowledge', () => {
    expect(thesaurus.entries.length).toBeGreaterThan(600);
    expect(thesaurus.entries.filter((e) => e.kind === 'implies').length).toBeGreaterThan(150);
  });

  it('holds symptom → mechanism knowledge in every field file, not only in some fields', () => {
    const files = readdirSync(THESAURUS_DIR).filter((f) => f.endsWith('.txt') && !f.startsWith('00-'));
    expect(files).toHaveLength(20);
    for (const file of files) {
      const implies = parseThesaurus(readFileSync(join(THESAURUS_DIR, file), 'utf8')).filter((e) => e.kind === 'implies');
      expect({ file, enough: implies.length >= 50 }).toEqual({ file, enough: true });
    }
  });

  it('reads everyday complaints of fields far from machinery as their mechanisms', () => {
    const implied = (text: string): string[] =>
      thesaurus.find(text).flatMap((hit) => thesaurus.expand(hit.term).filter((e) => e.kind === 'implies').map((e) => e.term));
    expect(implied('二沉池污泥膨胀，出水带泥')).toContain('丝状菌膨胀');
    expect(implied('今年玉米出苗率很低')).toContain('种子活力');
    expect(implied('光伏组件隐裂越来越多')).toContain('el检测');
  });

  it('scopes its field files to codes of the taxonomy', () => {
    const codes = new Set(INITIAL_FIELDS.map((f) => f.code));
    const scoped = new Set(thesaurus.entries.flatMap((e) => e.fields));
    for (const field of scoped) expect(codes).toContain(field);
    expect(scoped.size).toBeGreaterThanOrEqual(16);
  });

  it('knows the examples the product brief names', () => {
    expect(expansionsOf(thesaurus, 'SOFC')).toHaveProperty('固体氧化物燃料电池', 'synonym');
    expect(expansionsOf(thesaurus, '储能')).toHaveProperty('蓄能', 'synonym');
    expect(thesaurus.find('电机用久了声音越来越大').map((h) => h.term)).toContain('声音*大');
    expect(expansionsOf(thesaurus, '声音*大')).toHaveProperty('轴承故障', 'implies');
    expect(expansionsOf(thesaurus, '尺寸漂移')).toHaveProperty('热误差', 'implies');
    expect(expansionsOf(thesaurus, '开裂')).toHaveProperty('应力腐蚀', 'implies');
    expect(expansionsOf(thesaurus, '发黄')).toHaveProperty('氧化', 'implies');
    expect(expansionsOf(thesaurus, '结垢')).toHaveProperty('阻垢', 'implies');
  });
});
