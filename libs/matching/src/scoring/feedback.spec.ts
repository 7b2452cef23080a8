import { MatchingEngine } from '../engine';
import { aDemand, anAchievement } from '../testing/fixtures';
import { feedbackComponent, learnFeedbackPrior } from './feedback';

describe('learnFeedbackPrior', () => {
  const prior = learnFeedbackPrior([
    { demandId: 'd1', achievementId: 'a1', outcome: 'dismissed' },
    { demandId: 'd1', achievementId: 'a2', outcome: 'deal' },
    { demandId: 'd2', achievementId: 'a2', outcome: 'meeting', rating: 5 },
  ]);

  it('averages the outcomes of a pair', () => {
    expect(prior.pair('d1', 'a1')).toBe(-1);
    expect(prior.pair('d1', 'a2')).toBe(1);
    expect(prior.pair('d2', 'a2')).toBeCloseTo((0.6 + 1) / 2);
    expect(prior.pair('d9', 'a1')).toBeUndefined();
  });

  it('shrinks what a few events say about an item', () => {
    expect(prior.item('achievement', 'a1')).toBeCloseTo(-1 / 6);
    expect(prior.item('demand', 'd9')).toBeUndefined();
  });

  it('maps to a component around a neutral 0.5', () => {
    expect(feedbackComponent(undefined, 'd1', 'a1')).toBe(0.5);
    expect(feedbackComponent(prior, 'd1', 'a1')).toBe(0);
    expect(feedbackComponent(prior, 'd1', 'a2')).toBe(1);
    expect(feedbackComponent(prior, 'd3', 'a1')).toBeCloseTo(0.5 + 0.5 * (-1 / 6 / 2));
  });

  it('moves a dismissed pair below an equal one', () => {
    const engine = new MatchingEngine();
    engine.upsertAchievement(anAchievement({ id: 'a1', title: '轴承故障诊断' }));
    engine.upsertAchievement(anAchievement({ id: 'a2', title: '轴承故障诊断' }));
    const demand = aDemand({ id: 'd1', title: '轴承故障' });
    const dismissed = learnFeedbackPrior([{ demandId: 'd1', achievementId: 'a1', outcome: 'dismissed' }]);
    const ranked = engine.topMatches('demand', demand, 50, { feedback: dismissed });
    expect(ranked.map((m) => m.achievementId)).toEqual(['a2', 'a1']);
    expect(ranked[1]!.components.feedback).toBe(0);
  });
});
