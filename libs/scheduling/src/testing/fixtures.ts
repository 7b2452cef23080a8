import { EventInstance, MeetingRequest, Participant, Session } from '../model';
import { Rng } from '../rng';

/** Test helpers: small events written by hand, and seeded random ones. Not part of the public API. */

/** Sessions 'am' and 'pm' with consecutive global slots 0…am-1 and am…am+pm-1. */
export function sessions(am: number, pm: number, tables: number): Session[] {
  return [
    { id: 'am', slots: range(0, am), tables },
    { id: 'pm', slots: range(am, am + pm), tables },
  ];
}

export function participant(id: string, extra: Partial<Participant> = {}): Participant {
  return { id, kind: id.startsWith('s') ? 'supply' : 'demand', ...extra };
}

export function request(id: string, requesterId: string, counterpartId: string, extra: Partial<MeetingRequest> = {}): MeetingRequest {
  return { id, requesterId, counterpartId, ...extra };
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/**
 * A small event with the structure of the benchmark (two sessions, ~80% availability, some
 * requests limited to a session, a few caps and booths, priorities 1–3), sized for a MIP.
 */
export function randomEvent(seed: number, requests: number): EventInstance {
  const rng = new Rng(seed);
  const T = 12;
  const P = Math.max(6, Math.round(requests / 3));
  const tables = Math.max(1, Math.ceil((1.1 * requests) / T));
  const participants: Participant[] = range(0, P).map((i) => {
    const kind = i % 2 === 0 ? 'd' : 's';
    const unavailableSlots = range(0, T).filter(() => rng.next() < 0.2);
    const p = participant(`${kind}${i}`, { unavailableSlots });
    if (rng.next() < 0.15) p.maxMeetings = 2 + rng.int(3);
    if (kind === 's' && rng.next() < 0.1) p.fixedTable = rng.int(tables);
    return p;
  });
  const pairs = new Set<string>();
  const list: MeetingRequest[] = [];
  for (let guard = 0; list.length < requests && guard < requests * 50; guard++) {
    const a = 2 * rng.int(Math.ceil(P / 2));
    const b = 2 * rng.int(Math.floor(P / 2)) + 1;
    if (a >= P || b >= P || pairs.has(`${a}:${b}`)) continue;
    pairs.add(`${a}:${b}`);
    const roll = rng.next();
    const extra: Partial<MeetingRequest> = { priority: roll < 0.1 ? 3 : roll < 0.3 ? 2 : 1 };
    if (rng.next() < 0.15) extra.sessionId = rng.next() < 0.5 ? 'am' : 'pm';
    list.push(request(`q${list.length}`, participants[a].id, participants[b].id, extra));
  }
  return { sessions: sessions(T / 2, T / 2, tables), participants, requests: list };
}

/**
 * X has a booth at table 1. A–B is published at slot 0, table 1 and X–F at slot 1; the late X–C
 * (C blocked in slot 2) fits in slot 0, where X's booth would push A–B to another table, or in
 * slot 3, at the cost of one break for X. A table change is a change of A's and B's agendas.
 */
export function lateBoothMeeting(): EventInstance {
  return {
    sessions: [{ id: 'am', slots: [0, 1, 2, 3], tables: 2 }],
    participants: [participant('X', { fixedTable: 1 }), participant('F'), participant('A'), participant('B'), participant('C', { unavailableSlots: [2] })],
    requests: [
      request('AB', 'A', 'B', { previous: { slot: 0, table: 1 } }),
      request('XF', 'X', 'F', { previous: { slot: 1, table: 1 } }),
      request('XC', 'C', 'X'),
    ],
  };
}
