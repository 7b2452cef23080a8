import { queryWords, quoteLexeme, tsqueryLiteral, tsvectorLiteral } from './search-text';

describe('full-text literals', () => {
  it('indexes search-mode tokens with positions and weights, keeping domain words whole', () => {
    const vector = tsvectorLiteral({ A: ['大功率燃气轮机'], B: ['涂层'], C: ['叶片开裂'] });
    expect(vector).toContain("'燃气轮机':");
    expect(vector).toContain("'大功率':");
    expect(vector).toMatch(/'涂层':\d+B/);
    expect(vector).toMatch(/'叶片':\d+C/);
  });

  it('quotes lexemes safely', () => {
    expect(quoteLexeme("o'brien")).toBe("'o''brien'");
    expect(quoteLexeme('a\\b')).toBe("'a\\\\b'");
  });

  it('builds an AND query of whole words, and a relaxed one where a word may match by all its parts', () => {
    expect(tsqueryLiteral('燃气轮机 涂层')).toBe("'燃气轮机' & '涂层'");
    expect(tsqueryLiteral('燃气轮机 涂层', true)).toBe("('燃气轮机' | ('燃气' & '轮机' & '气轮机')) & '涂层'");
    expect(tsqueryLiteral('燃气轮机 涂层', new Set(['燃气轮机']))).toBe("('燃气轮机' | ('燃气' & '轮机' & '气轮机')) & '涂层'");
    expect(tsqueryLiteral('燃气轮机 涂层', new Set(['涂层']))).toBe("'燃气轮机' & '涂层'");
    expect(tsqueryLiteral('的 了')).toBeNull();
  });

  it('asks only for words an index can hold, so a title with model numbers finds its item', () => {
    for (const title of ['YG3000型风电主轴轴承', 'Ti6Al4V钛合金叶片', '主轴轴承核验mxdpn3j6', '12英寸PECVD加热盘', 'RV减速器回差检测']) {
      const vector = tsvectorLiteral({ A: [title], B: [], C: [] });
      const indexed = new Set([...vector.matchAll(/'([^']*)':/g)].map((m) => m[1]));
      const words = queryWords(title);
      expect(words.length).toBeGreaterThan(0);
      expect(words.filter((w) => !indexed.has(w))).toEqual([]);
    }
  });
});
