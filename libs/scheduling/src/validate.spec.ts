import { EventInstance, Placement } from './model';
import { participant, request, sessions } from './testing/fixtures';
import { validateSchedule } from './validate';

const instance: EventInstance = {
  sessions: sessions(3, 3, 2),
  participants: [
    participant('A', { maxMeetings: 2, maxBreaks: 0 }),
    participant('B', { unavailableSlots: [1], maxMeetingsPerSession: 1 }),
    participant('s1', { fixedTable: 1 }),
    participant('s2'),
    participant('s3', { sessionIds: ['am'] }),
  ],
  requests: [
    request('A-s1', 'A', 's1'),
    request('A-s2', 'A', 's2', { sessionId: 'pm' }),
    request('A-s3', 'A', 's3'),
    request('B-s2', 'B', 's2', { lock: { slot: 0, table: 0 } }),
    request('B-s3', 'B', 's3'),
  ],
};

const kinds = (placements: Placement[]) => validateSchedule(instance, { placements }).map((v) => v.kind);

describe('validateSchedule', () => {
  it('accepts a schedule that keeps every rule', () => {
    const placements = [
      { requestId: 'B-s2', slot: 0, table: 0 },
      { requestId: 'A-s1', slot: 3, table: 1 },
      { requestId: 'A-s2', slot: 4, table: 0 },
    ];
    expect(validateSchedule(instance, { placements, unscheduled: [] })).toEqual([]);
  });

  it('reports unknown requests, slots and tables, and a request placed twice', () => {
    expect(kinds([{ requestId: 'nope', slot: 0, table: 0 }])).toContain('unknown_request');
    expect(kinds([{ requestId: 'A-s3', slot: 9, table: 0 }])).toContain('unknown_slot');
    expect(kinds([{ requestId: 'A-s3', slot: 0, table: 2 }])).toContain('unknown_table');
    expect(kinds([{ requestId: 'A-s3', slot: 0, table: 0 }, { requestId: 'A-s3', slot: 1, table: 0 }])).toContain('placed_twice');
  });

  it('reports a party unavailable in the slot, or outside a session it attends', () => {
    expect(kinds([{ requestId: 'B-s3', slot: 1, table: 0 }])).toEqual(['unavailable', 'lock_moved']);
    expect(kinds([{ requestId: 'A-s3', slot: 4, table: 0 }])).toContain('unavailable');
  });

  it('reports a meeting outside its session restriction', () => {
    expect(kinds([{ requestId: 'A-s2', slot: 0, table: 0 }])).toContain('outside_session');
  });

  it('reports a participant in two meetings at once and a table used twice', () => {
    const placements = [
      { requestId: 'A-s3', slot: 2, table: 0 },
      { requestId: 'B-s3', slot: 2, table: 1 },
    ];
    expect(kinds(placements)).toContain('double_booked');
    const sameTable = [
      { requestId: 'A-s3', slot: 2, table: 0 },
      { requestId: 'B-s2', slot: 0, table: 0 },
      { requestId: 'A-s1', slot: 2, table: 0 },
    ];
    expect(kinds(sameTable)).toContain('table_taken');
  });

  it('reports caps overall and per session, and the fairness cap on breaks', () => {
    const overCap = [
      { requestId: 'A-s1', slot: 0, table: 1 },
      { requestId: 'A-s3', slot: 1, table: 0 },
      { requestId: 'A-s2', slot: 3, table: 0 },
      { requestId: 'B-s2', slot: 0, table: 0 },
    ];
    expect(kinds(overCap)).toEqual(expect.arrayContaining(['over_cap']));
    const sessionCap = [
      { requestId: 'B-s2', slot: 0, table: 0 },
      { requestId: 'B-s3', slot: 2, table: 0 },
    ];
    expect(kinds(sessionCap)).toEqual(['over_session_cap']);
    const gap = [
      { requestId: 'B-s2', slot: 0, table: 0 },
      { requestId: 'A-s1', slot: 0, table: 1 },
      { requestId: 'A-s3', slot: 2, table: 0 },
    ];
    expect(kinds(gap)).toEqual(['over_break_cap']);
  });

  it('requires a lock to be honoured exactly or reported infeasible', () => {
    expect(kinds([{ requestId: 'B-s2', slot: 0, table: 1 }])).toContain('lock_moved');
    expect(kinds([])).toEqual(['lock_moved']);
    const reported = validateSchedule(instance, {
      placements: [],
      unscheduled: [{ requestId: 'B-s2', reason: 'lock_infeasible', detail: '' }],
    });
    expect(reported).toEqual([]);
  });

  it('requires a booth holder’s meetings at its table', () => {
    expect(kinds([{ requestId: 'A-s1', slot: 3, table: 0 }, { requestId: 'B-s2', slot: 0, table: 0 }])).toEqual(['fixed_table']);
  });
});
