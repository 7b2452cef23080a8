import { Segmenter } from './segmenter';

describe('Segmenter.domain', () => {
  const segmenter = Segmenter.domain();

  it('keeps 燃气轮机 and 大功率 whole, and adds their sub-words in search mode', () => {
    const text = '大功率燃气轮机叶片';
    expect(segmenter.words(text)).toEqual(expect.arrayContaining(['大功率', '燃气轮机']));
    expect(segmenter.terms(text)).toEqual(expect.arrayContaining(['大功率', '燃气轮机', '燃气', '功率']));
  });

  it('keeps domain terms from the lexicon and the thesaurus whole', () => {
    expect(segmenter.terms('储能电站电池热失控')).toContain('热失控');
    expect(segmenter.words('表面激光熔覆修复')).toContain('激光熔覆');
    expect(Segmenter.plain().terms('储能电站电池热失控')).not.toContain('热失控');
  });

  it('emits the parts of a domain compound so a query for a part still matches', () => {
    expect(segmenter.terms('激光熔覆')).toEqual(expect.arrayContaining(['激光熔覆', '熔覆']));
  });

  it('removes stop words and punctuation, keeps figures and adds the units of measurements', () => {
    const terms = segmenter.terms('我们希望在300台机组上把误差降低到0.015mm，转速30rpm');
    expect(terms).toEqual(expect.arrayContaining(['机组', '误差', '0.015', 'mm', '30rpm', 'rpm']));
    for (const dropped of ['我们', '希望', '在', '台', '，']) expect(terms).not.toContain(dropped);
  });

  it('normalises full-width and upper-case Latin terms', () => {
    expect(segmenter.terms('ＳＯＦＣ阴极')).toContain('sofc');
  });

  it('keeps Latin words whole instead of emitting dictionary fragments of them', () => {
    const terms = segmenter.terms('剪切散斑 shearography 接入SCADA');
    expect(terms).toEqual(expect.arrayContaining(['shearography', 'scada']));
    expect(terms).not.toContain('ro');
  });
});
