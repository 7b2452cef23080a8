import { Segmenter } from '@techbridge/text';
import { TextAnalyzer } from '../analysis/analyzer';
import { anAchievement } from '../testing/fixtures';
import { DEFAULT_WEIGHTS } from '../weights';
import { EncodedText } from './encoded-text';
import { feedbackQuery } from './feedback-query';
import { queryVector } from './query-vector';
import { Vocabulary } from './vocabulary';

describe('feedbackQuery', () => {
  const analyzer = new TextAnalyzer(DEFAULT_WEIGHTS, Segmenter.domain());
  const vocabulary = new Vocabulary();
  const encode = (title: string): EncodedText =>
    EncodedText.encode(analyzer.analyze('achievement', anAchievement({ id: 'x', title })), vocabulary);
  const query = queryVector(encode('齿轮箱点蚀'), 0, 0);
  const terms = (q: ReturnType<typeof feedbackQuery>): Record<string, number> =>
    Object.fromEntries(Array.from(q.ids, (id, i) => [vocabulary.term(id), q.weights[i]!]));

  it('takes what the best documents share beyond the query, the most common heaviest', () => {
    const top = [
      { text: encode('齿轮箱点蚀铁谱磨粒'), weight: 2 },
      { text: encode('点蚀铁谱分析'), weight: 1 },
    ];
    const found = terms(feedbackQuery(top, query, 10, () => 1));
    expect(found).not.toHaveProperty('齿轮箱');
    expect(found).not.toHaveProperty('点蚀');
    expect(found['铁谱']).toBe(1);
    expect(found['磨粒']).toBeGreaterThan(found['分析']!); // from the better document
  });

  it('weighs terms by idf, keeps the requested number, and is empty without positive scores', () => {
    const top = [{ text: encode('铁谱磨粒分析'), weight: 1 }];
    const rare = (id: number): number => (vocabulary.term(id) === '分析' ? 5 : 1);
    const one = feedbackQuery(top, query, 1, rare);
    expect(Array.from(one.ids, (id) => vocabulary.term(id))).toEqual(['分析']);
    expect(one.expanded[0]).toBe(1);
    expect(feedbackQuery([{ text: encode('铁谱'), weight: 0 }], query, 10, () => 1).ids.length).toBe(0);
  });
});
