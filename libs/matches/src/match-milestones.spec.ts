import { MATCH_TRANSITIONS } from './match-lifecycle';
import { type MatchMilestone, reachMilestones } from './match-milestones';

const blank = (): Record<MatchMilestone, Date | null> => ({ contactedAt: null, metAt: null, negotiatedAt: null, dealtAt: null });
const day = (d: number) => new Date(Date.UTC(2026, 11, d));

describe('reachMilestones', () => {
  it('stamps the step reached and every step skipped on the way', () => {
    const m = blank();
    reachMilestones(m, 'meeting', day(1));
    expect(m).toEqual({ contactedAt: day(1), metAt: day(1), negotiatedAt: null, dealtAt: null });
  });

  it('keeps the first time a step was reached', () => {
    const m = blank();
    reachMilestones(m, 'contacted', day(1));
    reachMilestones(m, 'negotiating', day(5));
    reachMilestones(m, 'deal', day(9));
    expect(m).toEqual({ contactedAt: day(1), metAt: day(5), negotiatedAt: day(5), dealtAt: day(9) });
  });

  it('dismissing, restoring or a fresh suggestion reach nothing and erase nothing', () => {
    const m = blank();
    reachMilestones(m, 'contacted', day(1));
    for (const state of ['dismissed', 'suggested'] as const) reachMilestones(m, state, day(3));
    expect(m).toEqual({ contactedAt: day(1), metAt: null, negotiatedAt: null, dealtAt: null });
  });

  it('every step a transition leads to is a milestone, except leaving the pipeline', () => {
    const targets = new Set(Object.values(MATCH_TRANSITIONS).map((t) => t.to));
    for (const state of targets) {
      const m = blank();
      reachMilestones(m, state, day(1));
      expect([state, Object.values(m).some((v) => v !== null)]).toEqual([state, !['dismissed', 'suggested'].includes(state)]);
    }
  });
});
