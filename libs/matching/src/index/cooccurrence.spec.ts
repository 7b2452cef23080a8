import { Segmenter } from '@techbridge/text';
import { TextAnalyzer } from '../analysis/analyzer';
import { anAchievement } from '../testing/fixtures';
import { DEFAULT_WEIGHTS } from '../weights';
import { cooccurringTerms } from './cooccurrence';
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
});
