import fc from 'fast-check';
import { topK } from './top-k';

describe('topK', () => {
  it('returns the k best ids, best first, as a full sort would', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { maxLength: 200 }), fc.nat(50), (scores, k) => {
        const ids = scores.map((_, i) => i);
        const expected = [...ids].sort((x, y) => scores[y]! - scores[x]!).slice(0, k);
        expect(topK(ids, (id) => scores[id]!, ids.length, k)).toEqual(expected);
      }),
    );
  });
});
