import fc from 'fast-check';
import { bigramText, charBigrams, sharedCount } from './ngrams';

describe('charBigrams', () => {
  it('lists the CJK character pairs of a text once each, sorted', () => {
    const codes = charBigrams('空耦超声，超声检测');
    expect([...codes].map(bigramText).sort()).toEqual(['声检', '空耦', '检测', '耦超', '超声'].sort());
    expect([...codes]).toEqual([...codes].sort((a, b) => a - b));
  });

  it('skips pairs with a function character, which span words', () => {
    expect([...charBigrams('轴承的寿命')].map(bigramText)).toEqual(expect.arrayContaining(['轴承', '寿命']));
    expect([...charBigrams('轴承的寿命')].map(bigramText)).not.toContain('承的');
  });

  it('lets differently segmented spellings of one term share material', () => {
    expect(sharedCount(charBigrams('空气耦合超声'), charBigrams('空耦超声检测'))).toBeGreaterThan(0);
  });
});

describe('sharedCount', () => {
  it('equals the size of the set intersection', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(50)), fc.uniqueArray(fc.nat(50)), (a, b) => {
        const x = Uint32Array.from(a).sort();
        const y = Uint32Array.from(b).sort();
        expect(sharedCount(x, y)).toBe(a.filter((v) => b.includes(v)).length);
      }),
    );
  });
});
