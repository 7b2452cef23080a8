import { PhraseFinder } from './phrase-finder';

describe('PhraseFinder', () => {
  const finder = new PhraseFinder(['声音*大', '轴承', '振动*大', '温度*高', '轴承*坏', 'ut']);

  it('finds terms by position, then each matching pattern once, in the order they were given', () => {
    const hits = finder.find('轴承声音越来越大，振动也大，轴承坏了');
    expect(hits.map((h) => [h.term, h.text])).toEqual([
      ['轴承', '轴承'],
      ['轴承', '轴承'],
      ['声音*大', '声音越来越大'],
      ['振动*大', '振动也大'],
      ['轴承*坏', '轴承坏'],
    ]);
  });

  it('tries a pattern only where its anchor occurs, and never across a clause', () => {
    expect(finder.find('温度正常，振动平稳').map((h) => h.term)).toEqual([]);
    expect(finder.find('温度，高').map((h) => h.term)).toEqual([]);
    expect(finder.find('出口温度明显偏高').map((h) => h.text)).toEqual(['温度明显偏高']);
  });

  it('keeps a Latin term whole: "ut" is found alone, not inside a word', () => {
    expect(finder.find('采用ut检测').map((h) => h.term)).toEqual(['ut']);
    expect(finder.find('output信号').map((h) => h.term)).toEqual([]);
  });
});
