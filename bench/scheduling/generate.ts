import type { EventInstance, MeetingRequest, Participant, Session } from '@techbridge/scheduling';

/**
 * Seeded generators of benchmark events. `realisticEvent` follows the structure named in the
 * issue: two sessions, ~80% availability, 5 requests per participant on average, some requests
 * limited to one session, 10% more tables than an even spread needs. `plantedTightEvent` builds a
 * full schedule first and derives the requests from it, so a feasible schedule is known to exist
 * while nearly every participant is busy in nearly every slot.
 */

export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  next(): number {
    let z = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

export interface RealisticOptions {
  participants: number;
  requests: number;
  slots: number;
  seed: number;
  /** Share of requests limited to one session (default 0.1). */
  restrictedShare?: number;
  extraTables?: number;
}

export function realisticEvent(options: RealisticOptions): EventInstance {
  const rng = new SeededRandom(options.seed);
  const { participants: P, requests: R, slots: T } = options;
  const sessions = twoSessions(T, Math.ceil(((1 + (options.extraTables ?? 0.1)) * R) / T));
  const demandCount = Math.round(P * 0.45);
  const participants: Participant[] = [];
  for (let i = 0; i < P; i++) {
    const kind = i < demandCount ? 'demand' : 'supply';
    participants.push({ id: `${kind[0]}${i}`, kind, ...availability(rng, sessions, T) });
  }
  // Booths for 5% of the supply side, and a personal cap for 10% of everyone.
  const supply = participants.filter((p) => p.kind === 'supply');
  rng.shuffle([...supply]).slice(0, Math.floor(supply.length * 0.05)).forEach((p, k) => (p.fixedTable = k));
  for (const p of participants) if (rng.next() < 0.1) p.maxMeetings = 8 + rng.int(5);

  const demand = participants.slice(0, demandCount);
  if (R > 0.6 * demand.length * supply.length) throw new Error(`${R} requests do not fit ${P} participants without repeats`);
  const pickDemand = weightedPicker(rng, demand.length, 0.2);
  const pickSupply = weightedPicker(rng, supply.length, 0.3);
  const pairs = new Set<string>();
  const requests: MeetingRequest[] = [];
  while (requests.length < R) {
    const a = demand[pickDemand()];
    const b = supply[pickSupply()];
    const key = `${a.id}:${b.id}`;
    if (pairs.has(key)) continue;
    pairs.add(key);
    const roll = rng.next();
    const request: MeetingRequest = {
      id: `q${requests.length}`,
      requesterId: a.id,
      counterpartId: b.id,
      priority: roll < 0.05 ? 3 : roll < 0.25 ? 2 : 1,
    };
    if (rng.next() < (options.restrictedShare ?? 0.1)) request.sessionId = sessions[rng.int(2)].id;
    requests.push(request);
  }
  return { sessions, participants, requests };
}

function twoSessions(T: number, tables: number): Session[] {
  const half = Math.ceil(T / 2);
  return [
    { id: 'am', slots: range(0, half), tables },
    { id: 'pm', slots: range(half, T), tables },
  ];
}

/**
 * ~80% availability overall: 10% attend one session only; the others block about a sixth of the
 * day, half as one block (arriving late, leaving early, a talk to give), half scattered.
 */
function availability(rng: SeededRandom, sessions: Session[], T: number): Pick<Participant, 'sessionIds' | 'unavailableSlots'> {
  if (rng.next() < 0.1) return { sessionIds: [sessions[rng.int(2)].id] };
  const blocked = Math.max(0, Math.round(T / 6 + rng.normal() * 1.5));
  if (rng.next() < 0.5) {
    const start = rng.int(T - blocked + 1);
    return { unavailableSlots: range(start, start + blocked) };
  }
  return { unavailableSlots: rng.shuffle(range(0, T)).slice(0, blocked).sort((x, y) => x - y) };
}

/** Picks indices with log-normal popularity: a few participants are asked for much more often. */
function weightedPicker(rng: SeededRandom, n: number, sigma: number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) cumulative.push((total += Math.exp(sigma * rng.normal())));
  return () => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface PlantedOptions {
  /** Participants on each side (demand and supply). */
  perSide: number;
  slots: number;
  /** Chance that a demand participant meets in a given slot of the planted schedule. */
  fill: number;
  seed: number;
}

export interface PlantedEvent {
  instance: EventInstance;
  /** Breaks of the planted schedule: a feasible schedule with all meetings has at most this many. */
  plantedBreaks: number;
}

export function plantedTightEvent(options: PlantedOptions): PlantedEvent {
  const rng = new SeededRandom(options.seed);
  const { perSide: n, slots: T, fill } = options;
  const busy: boolean[][] = Array.from({ length: 2 * n }, () => new Array<boolean>(T).fill(false));
  const pairs = new Set<string>();
  const requests: MeetingRequest[] = [];
  const perSlot = new Array<number>(T).fill(0);
  // Slot t pairs demand i with supply label[(i + shift[t]) mod n]: distinct shifts never repeat a
  // pair, so with fill 1 every participant meets in every slot (a Latin rectangle).
  if (n < T) throw new Error(`a planted event needs at least as many participants per side (${n}) as slots (${T})`);
  const shift = rng.shuffle(range(0, n)).slice(0, T);
  const label = rng.shuffle(range(0, n));
  for (let t = 0; t < T; t++) {
    const partner = range(0, n).map((i) => label[(i + shift[t]) % n]);
    for (let i = 0; i < n; i++) {
      const key = `${i}:${partner[i]}`;
      if (rng.next() >= fill || pairs.has(key)) continue;
      pairs.add(key);
      busy[i][t] = busy[n + partner[i]][t] = true;
      perSlot[t]++;
      requests.push({ id: `q${requests.length}`, requesterId: `d${i}`, counterpartId: `s${partner[i]}` });
    }
  }
  const half = Math.ceil(T / 2);
  const sessions: Session[] = [
    { id: 'am', slots: range(0, half), tables: Math.max(...perSlot.slice(0, half)) },
    { id: 'pm', slots: range(half, T), tables: Math.max(...perSlot.slice(half)) },
  ];
  let plantedBreaks = 0;
  const participants: Participant[] = busy.map((row, p) => {
    // Idle slots of the plant are unavailable half of the time, so availability does not give it away.
    const unavailableSlots = range(0, T).filter((t) => !row[t] && rng.next() < 0.5);
    plantedBreaks += breaksOnTimeline(row.filter((_, t) => !unavailableSlots.includes(t)));
    return { id: p < n ? `d${p}` : `s${p - n}`, kind: p < n ? 'demand' : 'supply', unavailableSlots };
  });
  rng.shuffle(requests);
  return { instance: { sessions, participants, requests }, plantedBreaks };
}

function breaksOnTimeline(busy: boolean[]): number {
  let breaks = 0;
  let seen = false;
  let idle = false;
  for (const b of busy) {
    if (b) {
      if (idle) breaks++;
      seen = true;
      idle = false;
    } else if (seen) idle = true;
  }
  return breaks;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
