import { decisionOutcome, milestoneProblems, scoresByStage } from './application-rules';

describe('揭榜 application rules', () => {
  it('passes an application from 初评 through 现场考察 to 综合论证, and awards only at the last stage', () => {
    expect(decisionOutcome({ stage: 'desk', status: 'under_review' }, 'advance')).toEqual({ to: { stage: 'site', status: 'under_review' } });
    expect(decisionOutcome({ stage: 'site', status: 'under_review' }, 'advance')).toEqual({ to: { stage: 'panel', status: 'under_review' } });
    expect(decisionOutcome({ stage: 'panel', status: 'under_review' }, 'award')).toEqual({ to: { stage: 'panel', status: 'awarded' } });
    expect(decisionOutcome({ stage: 'desk', status: 'under_review' }, 'award')).toEqual({ refused: expect.stringContaining('site and panel') });
    expect(decisionOutcome({ stage: 'panel', status: 'under_review' }, 'advance')).toEqual({ refused: expect.stringContaining('last stage') });
  });

  it('rejects at any stage, and decides nothing once an application left review', () => {
    expect(decisionOutcome({ stage: 'site', status: 'under_review' }, 'reject')).toEqual({ to: { stage: 'site', status: 'rejected' } });
    for (const status of ['rejected', 'withdrawn', 'awarded'] as const) {
      for (const decision of ['advance', 'reject', 'award'] as const) {
        expect(decisionOutcome({ stage: 'panel', status }, decision)).toEqual({ refused: expect.stringContaining(status) });
      }
    }
  });

  it('wants a plan of real days, none past, in date order', () => {
    const today = '2026-12-06';
    expect(milestoneProblems([{ dueOn: '2027-03-01', deliverable: '小试' }, { dueOn: '2027-09-01', deliverable: '中试' }], today)).toEqual([]);
    expect(milestoneProblems([], today)).toEqual([{ field: 'milestones', message: expect.any(String) }]);
    const fields = (m: Array<{ dueOn: string }>) => milestoneProblems(m.map((x) => ({ ...x, deliverable: 'x' })), today).map((p) => p.field);
    expect(fields([{ dueOn: '2027-02-30' }])).toEqual(['milestones.0.dueOn']);
    expect(fields([{ dueOn: '2026-12-05' }])).toEqual(['milestones.0.dueOn']);
    expect(fields([{ dueOn: '2026-12-06' }, { dueOn: '2027-06-01' }, { dueOn: '2027-05-01' }])).toEqual(['milestones.2.dueOn']);
    expect(fields(Array.from({ length: 13 }, () => ({ dueOn: '2027-01-01' })))).toEqual(['milestones']);
  });

  it('sums the scores up per stage in review order, leaving out stages nobody scored', () => {
    const summary = scoresByStage([
      { stage: 'site', score: 80 },
      { stage: 'desk', score: 70 },
      { stage: 'desk', score: 85 },
      { stage: 'desk', score: 90 },
    ]);
    expect(summary).toEqual([
      { stage: 'desk', reviews: 3, mean: 81.7, min: 70, max: 90 },
      { stage: 'site', reviews: 1, mean: 80, min: 80, max: 80 },
    ]);
    expect(scoresByStage([])).toEqual([]);
  });
});
