import { Segmenter } from '@techbridge/text';
import { TextAnalyzer } from '../analysis/analyzer';
import { sectionBit } from '../analysis/sections';
import { anAchievement } from '../testing/fixtures';
import { DEFAULT_WEIGHTS } from '../weights';
import { cooccurringTerms, DEFAULT_COOCCURRENCE } from './cooccurrence';
import { DocumentIndex } from './document-index';
import { EncodedText } from './encoded-text';
import { factsOf } from './facts';
import { Vocabulary } from './vocabulary';

describe('cooccurringTerms', () => {
  // The domain dictionary keeps 滚动轴承 and 声发射 whole, so each is one term here.
  const analyzer = new TextAnalyzer(DEFAULT_WEIGHTS, Segmenter.domain());
  const vocabulary = new Vocabulary();
  const index = new DocumentIndex('achievement');
  const add = (id: string, title: string, summary = ''): void => {
    const item = anAchievement({ id, title, summary });
    index.upsert(factsOf('achievement', item), EncodedText.encode(analyzer.analyze('achievement', item), vocabulary));
  };
  // 声发射 keeps company with 滚动轴承 in headlines; 光伏 never does.
  for (let i = 0; i < 4; i++) add(`pair${i}`, '声发射滚动轴承监测');
  for (let i = 0; i < 20; i++) add(`pv${i}`, '光伏组件清洗', '声发射');
  for (let i = 0; i < 4; i++) add(`bearing${i}`, '滚动轴承润滑');
  const id = (term: string): number => vocabulary.find(term)!;

  it('associates terms that share headlines more often than chance', () => {
    const associated = cooccurringTerms(index, [id('声发射')], { minSupport: 2, maxSourceDf: 100, perTerm: 10 });
    expect(associated.get(id('滚动轴承'))).toBeGreaterThan(0);
    expect(associated.has(id('光伏'))).toBe(false);
    expect(cooccurringTerms(index, [id('声发射')]).size).toBe(3); // the default keeps the strongest three
  });

  it('learns nothing from a catalogue too small to tell association from coincidence', () => {
    const tiny = new DocumentIndex('achievement');
    const item = anAchievement({ id: 'x', title: '声发射滚动轴承监测' });
    tiny.upsert(factsOf('achievement', item), EncodedText.encode(analyzer.analyze('achievement', item), vocabulary));
    expect(cooccurringTerms(tiny, [id('声发射')]).size).toBe(0);
  });

  it('answers from its memo exactly as a fresh scan would, and forgets it when the catalogue changes', () => {
    // The computation before the memo existed, scanning the postings on every call.
    const scanned = (sourceTermIds: readonly number[]): Map<number, number> => {
      const { minSupport, maxSourceDf, perTerm } = DEFAULT_COOCCURRENCE;
      const headline = sectionBit('title') | sectionBit('keywords');
      const n = index.size;
      const result = new Map<number, number>();
      const sources = new Set(sourceTermIds);
      for (const source of sources) {
        const sourceDf = index.headlineDf(source);
        const list = index.postingsOf(source);
        if (sourceDf < minSupport || sourceDf > maxSourceDf || list === undefined) continue;
        const together = new Map<number, number>();
        for (let j = 0; j < list.length; j++) {
          const text = index.atSlot(list.slots[j]!)!.text;
          const own = text.indexOfTerm(source);
          if (own < 0 || (text.sections(own) & headline) === 0) continue;
          for (let i = 0; i < text.termCount; i++) {
            const term = text.termId(i);
            if (term !== source && (text.sections(i) & headline) !== 0) together.set(term, (together.get(term) ?? 0) + 1);
          }
        }
        const scored: Array<[number, number]> = [];
        for (const [term, count] of together) {
          if (count < minSupport || sources.has(term)) continue;
          const npmi = Math.log((count * n) / (sourceDf * index.headlineDf(term))) / -Math.log(count / n);
          if (npmi > 0) scored.push([term, npmi]);
        }
        scored.sort((a, b) => b[1] - a[1]);
        for (const [term, strength] of scored.slice(0, perTerm)) if ((result.get(term) ?? 0) < strength) result.set(term, strength);
      }
      return result;
    };
    const words = ['伺服', '电机', '减速器', '齿轮', '振动', '监测', '诊断', '润滑', '密封', '焊接', '涂层', '腐蚀'];
    let seed = 7;
    const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const title = () => Array.from({ length: 3 }, () => words[next(words.length)]).join('');
    for (let i = 0; i < 60; i++) add(`random${i}`, title());
    for (let round = 0; round < 3; round++) {
      for (const query of [['伺服'], ['伺服', '电机'], ['振动', '监测', '诊断'], ['齿轮', '减速器', '润滑', '密封']]) {
        const ids = query.map(id);
        const got = cooccurringTerms(index, ids);
        expect(cooccurringTerms(index, ids)).toEqual(got); // the memo's answer
        const expected = scanned(ids);
        expect(got).toEqual(expected);
      }
      // The catalogue changes: an item replaced, one removed, new ones.
      add(`random${round}`, title());
      index.remove(`random${round + 10}`);
      for (let i = 0; i < 5; i++) add(`later${round}-${i}`, `伺服${title()}`);
    }
  });
});

