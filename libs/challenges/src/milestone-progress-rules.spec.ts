import type { DomainError, MilestoneReport } from '@techbridge/domain';
import { progressOf, reportRefusal } from './milestone-progress-rules';

const PLAN = [
  { dueOn: '2027-03-31', deliverable: '实验室样机' },
  { dueOn: '2027-06-30', deliverable: '中试验证' },
  { dueOn: '2027-09-30', deliverable: '示范应用' },
];
let serial = 0;
const report = (milestoneNo: number, kind: MilestoneReport['kind'], extra: Partial<MilestoneReport> = {}): MilestoneReport =>
  ({ id: `r${serial++}`, applicationId: 'a', milestoneNo, kind, note: 'x', revisedDueOn: null, reportedBy: 'u', decision: null, decisionNote: null, decidedBy: null, decidedAt: null, createdAt: new Date(), ...extra }) as MilestoneReport;
const codeOf = (e: DomainError | undefined) => (e ? `${e.code}${e.fields[0] ? `:${e.fields[0].field}:${e.fields[0].code}` : ''}` : 'allowed');

describe('an awarded project’s progress', () => {
  it('a new project is on track, every milestone in progress, the first one next', () => {
    const p = progressOf(PLAN, [], '2027-01-10');
    expect(p).toMatchObject({ state: 'on_track', total: 3, accepted: 0, overdue: 0, nextDueOn: '2027-03-31' });
    expect(p.milestones.map((m) => m.state)).toEqual(['in_progress', 'in_progress', 'in_progress']);
  });

  it('a terminated project stands still: its accepted milestones stay accepted, none is overdue or due next', () => {
    const p = progressOf(PLAN, [report(1, 'completion', { decision: 'accepted', decidedAt: new Date() })], '2027-08-01', true);
    expect(p).toMatchObject({ state: 'terminated', accepted: 1, overdue: 0, nextDueOn: null });
    expect(p.milestones.map((m) => [m.state, m.overdue])).toEqual([['accepted', false], ['in_progress', false], ['in_progress', false]]);
  });

  it('a milestone past its day is overdue; a delay moves its day, the latest delay counting', () => {
    expect(progressOf(PLAN, [], '2027-04-01')).toMatchObject({ state: 'overdue', overdue: 1 });
    const delayed = progressOf(PLAN, [report(1, 'delay', { revisedDueOn: '2027-04-30' }), report(1, 'delay', { revisedDueOn: '2027-05-15' })], '2027-04-01');
    expect(delayed.milestones[0]).toMatchObject({ dueOn: '2027-03-31', currentDueOn: '2027-05-15', overdue: false });
    expect(delayed).toMatchObject({ state: 'on_track', nextDueOn: '2027-05-15' });
  });

  it('a completion waits for acceptance without counting as late; once accepted the milestone is done, and all accepted is completed', () => {
    const waiting = progressOf(PLAN, [report(1, 'completion')], '2027-04-10');
    expect(waiting.milestones[0]).toMatchObject({ state: 'awaiting_acceptance', overdue: false, pendingReportId: expect.any(String) });
    expect(waiting).toMatchObject({ state: 'on_track', awaitingAcceptance: 1, nextDueOn: '2027-03-31' });

    const returned = progressOf(PLAN, [report(1, 'completion', { decision: 'returned' })], '2027-04-10');
    expect(returned.milestones[0]).toMatchObject({ state: 'in_progress', overdue: true });

    const decidedAt = new Date('2027-04-12T02:00:00Z');
    const done = progressOf(PLAN, [1, 2, 3].map((n) => report(n, 'completion', { decision: 'accepted', decidedAt })), '2027-12-01');
    expect(done).toMatchObject({ state: 'completed', accepted: 3, overdue: 0, nextDueOn: null });
    expect(done.milestones[2]!.acceptedAt).toEqual(decidedAt);
  });

  it.each([
    ['on a fresh plan', { milestone: 4, kind: 'progress' }, 'validation_failed:milestone:unknown', []],
    ['on a fresh plan', { milestone: 1, kind: 'progress', revisedDueOn: '2027-05-01' }, 'validation_failed:revisedDueOn:onlyForDelay', []],
    ['on a fresh plan', { milestone: 1, kind: 'delay' }, 'validation_failed:revisedDueOn:required', []],
    ['on a fresh plan', { milestone: 1, kind: 'delay', revisedDueOn: '2027-02-30' }, 'validation_failed:revisedDueOn:notADay', []],
    ['on a fresh plan', { milestone: 1, kind: 'delay', revisedDueOn: '2027-01-01' }, 'validation_failed:revisedDueOn:past', []],
    ['on a fresh plan', { milestone: 1, kind: 'delay', revisedDueOn: '2027-03-31' }, 'validation_failed:revisedDueOn:notLater', []],
    ['on a fresh plan', { milestone: 1, kind: 'delay', revisedDueOn: '2027-04-30' }, 'allowed', []],
    ['after a completion waiting', { milestone: 1, kind: 'completion' }, 'completion_pending', [report(1, 'completion')]],
    ['after a completion waiting', { milestone: 1, kind: 'progress' }, 'allowed', [report(1, 'completion')]],
    ['after an accepted completion', { milestone: 1, kind: 'progress' }, 'milestone_accepted', [report(1, 'completion', { decision: 'accepted' })]],
    ['after a returned completion', { milestone: 1, kind: 'completion' }, 'allowed', [report(1, 'completion', { decision: 'returned' })]],
  ] as const)('%s, report %j: %s', (_label, input, expected, reports) => {
    const progress = progressOf(PLAN, reports as readonly MilestoneReport[], '2027-01-10');
    expect(codeOf(reportRefusal(progress, { note: 'x', ...input }, '2027-01-10'))).toBe(expected);
  });
});
