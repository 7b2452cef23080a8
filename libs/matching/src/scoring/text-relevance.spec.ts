import { TextAnalyzer } from '../analysis/analyzer';
import { EncodedText } from '../index/encoded-text';
import { queryVector } from '../index/query-vector';
import { Vocabulary } from '../index/vocabulary';
import { aDemand, anAchievement } from '../testing/fixtures';
import { DEFAULT_WEIGHTS } from '../weights';
import { bm25Score, combineText, directedRelevance } from './text-relevance';

const stats = { bm25: { k1: 1.2, b: 0.75 } };
const analyzer = new TextAnalyzer(DEFAULT_WEIGHTS);
const vocabulary = new Vocabulary();
const demand = (title: string): EncodedText => EncodedText.encode(analyzer.analyze('demand', aDemand({ id: 'd', title })), vocabulary);
const achievement = (title: string): EncodedText =>
  EncodedText.encode(analyzer.analyze('achievement', anAchievement({ id: 'a', title })), vocabulary);
const withIdf = (text: EncodedText, expansionScale: number): ReturnType<typeof queryVector> => {
  const query = queryVector(text, 0, expansionScale);
  query.idf.fill(1);
  return query;
};

describe('directedRelevance', () => {
  // SOFC expands to 固体氧化物燃料电池 through the thesaurus: the achievement shares no own word.
  const sofc = demand('SOFC电堆');
  const fullName = achievement('固体氧化物燃料电池电堆');

  it('keeps the item’s own words and its thesaurus expansions apart', () => {
    const score = directedRelevance(withIdf(sofc, 1), fullName, fullName.length, stats);
    expect(score.own).toBeGreaterThan(0); // 电堆
    expect(score.expanded).toBeGreaterThan(0); // 固体氧化物燃料电池 and its parts
    expect(directedRelevance(withIdf(sofc, 0), fullName, fullName.length, stats).expanded).toBe(0);
  });

  it('scales the expansion query, never the own words, and keeps the own-word mass as the norm', () => {
    const full = directedRelevance(withIdf(sofc, 1), fullName, fullName.length, stats);
    const fifth = directedRelevance(withIdf(sofc, 0.2), fullName, fullName.length, stats);
    expect(fifth.own).toBeCloseTo(full.own, 6);
    expect(fifth.expanded).toBeLessThan(full.expanded);
    expect(fifth.expanded).toBeGreaterThan(0);
  });

  it('scores 1 for a text holding each query word once at average length (normalised by the query’s mass)', () => {
    const text = achievement('燃气轮机叶片');
    const query = withIdf(EncodedText.encode(analyzer.analyze('demand', aDemand({ id: 'q', title: '燃气轮机叶片' })), vocabulary), 0);
    const self = directedRelevance(query, text, text.length, stats);
    expect(self.own).toBeCloseTo(1, 6);
    expect(bm25Score(query, text, text.length, stats)).toBeCloseTo(query.ids.length, 6);
  });
});

describe('combineText', () => {
  const weights = { ...DEFAULT_WEIGHTS.text, backward: 0.5, ngram: 0 };

  it('sums the weighted parts into an unbounded raw score and a saturated display value', () => {
    const text = combineText({ own: 0.6, expanded: 0.1 }, { own: 0.4, expanded: 0 }, 0.3, weights, 0.05);
    expect(text.raw).toBeCloseTo(0.6 + 0.1 + 0.5 * 0.4 + 0.05, 9);
    expect(text.value).toBeCloseTo(1 - Math.exp(-text.raw / weights.saturation), 9);
    expect(text.forward).toBe(0.6);
    expect(text.forwardExpanded).toBe(0.1);
  });

  it('keeps ratios between strong matches (raw), where the display value compresses them', () => {
    const strong = combineText({ own: 2, expanded: 0 }, { own: 0, expanded: 0 }, 0, weights);
    const weaker = combineText({ own: 1, expanded: 0 }, { own: 0, expanded: 0 }, 0, weights);
    expect(strong.raw / weaker.raw).toBeCloseTo(2, 9);
    expect(strong.value / weaker.value).toBeLessThan(1.2);
  });
});
