import fc from 'fast-check';
import { TextAnalyzer } from '../analysis/analyzer';
import { anAchievement } from '../testing/fixtures';
import { DEFAULT_WEIGHTS } from '../weights';
import { DocumentIndex, ScoreAccumulator } from './document-index';
import { EncodedText } from './encoded-text';
import { factsOf } from './facts';
import { queryVector } from './query-vector';
import { Vocabulary } from './vocabulary';

const WORDS = ['轴承', '涂层', '储能', '催化剂', '焊接', '传感器', '污水', '光伏'];

describe('DocumentIndex', () => {
  const analyzer = new TextAnalyzer(DEFAULT_WEIGHTS);
  const vocabulary = new Vocabulary();
  const encode = (title: string): EncodedText => EncodedText.encode(analyzer.analyze('achievement', anAchievement({ id: 'x', title })), vocabulary);
  const texts = new Map(WORDS.map((w) => [w, encode(w)]));

  it('after any sequence of upserts and removals, retrieves exactly the live items holding a word', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.option(fc.constantFrom(...WORDS), { nil: undefined })), { maxLength: 60 }),
        (operations) => {
          const index = new DocumentIndex('achievement');
          const live = new Map<string, string>();
          for (const [n, word] of operations) {
            const id = `a${n}`;
            if (word === undefined) {
              index.remove(id);
              live.delete(id);
            } else {
              index.upsert(factsOf('achievement', anAchievement({ id })), texts.get(word)!);
              live.set(id, word);
            }
          }
          expect(index.size).toBe(live.size);
          for (const word of WORDS) {
            const acc = new ScoreAccumulator();
            const query = queryVector(texts.get(word)!, 1, 0);
            query.idf.fill(1);
            index.accumulate(query, DEFAULT_WEIGHTS.bm25, acc);
            const found = Array.from(acc.touched.subarray(0, acc.touchedCount), (slot) => index.atSlot(slot)!.facts.id).sort();
            const expected = [...live].filter(([, w]) => w === word).map(([id]) => id).sort();
            expect(found).toEqual(expected);
            expect(index.df(texts.get(word)!.termId(0))).toBe(expected.length);
          }
        },
      ),
    );
  });
});
