import { withPublishedSchedule } from '@techbridge/scheduling';
import type { EventInstance, MeetingRequest, Placement } from '@techbridge/scheduling';
import { SeededRandom } from './generate';

export interface Reschedule {
  instance: EventInstance;
  late: number;
  cancelled: number;
  /** Published meetings whose slot a party has just blocked: they must move. */
  forcedMoves: number;
}

/**
 * Changes after publishing: 1% of the requests cancelled, 2% late requests between existing
 * participants, and 1% of the participants blocking one slot where they had a meeting. The
 * result carries the published placements as `previous`.
 */
export function changesAfterPublishing(base: EventInstance, published: Placement[], seed: number): Reschedule {
  const rng = new SeededRandom(seed);
  const cancelledIds = new Set(rng.shuffle(base.requests.map((r) => r.id)).slice(0, Math.round(base.requests.length * 0.01)));
  const requests = base.requests.filter((r) => !cancelledIds.has(r.id));
  const pairs = new Set(requests.map((r) => `${r.requesterId}:${r.counterpartId}`));
  const demand = base.participants.filter((p) => p.kind === 'demand');
  const supply = base.participants.filter((p) => p.kind === 'supply');
  const lateCount = Math.round(base.requests.length * 0.02);
  const late: MeetingRequest[] = [];
  while (late.length < lateCount) {
    const a = demand[rng.int(demand.length)];
    const b = supply[rng.int(supply.length)];
    if (pairs.has(`${a.id}:${b.id}`)) continue;
    pairs.add(`${a.id}:${b.id}`);
    late.push({ id: `late${late.length}`, requesterId: a.id, counterpartId: b.id });
  }

  const live = published.filter((p) => !cancelledIds.has(p.requestId));
  const byId = new Map(base.requests.map((r) => [r.id, r]));
  const participants = base.participants.map((p) => ({ ...p }));
  const blocked = new Set<string>();
  for (const p of rng.shuffle([...participants]).slice(0, Math.round(participants.length * 0.01))) {
    const own = live.filter((m) => byId.get(m.requestId)!.requesterId === p.id || byId.get(m.requestId)!.counterpartId === p.id);
    if (own.length === 0) continue;
    const slot = own[rng.int(own.length)].slot;
    p.unavailableSlots = [...(p.unavailableSlots ?? []), slot];
    blocked.add(`${p.id}:${slot}`);
  }
  const forcedMoves = live.filter((m) => {
    const r = byId.get(m.requestId)!;
    return blocked.has(`${r.requesterId}:${m.slot}`) || blocked.has(`${r.counterpartId}:${m.slot}`);
  }).length;
  const instance = withPublishedSchedule({ ...base, participants, requests: [...requests, ...late] }, live);
  return { instance, late: late.length, cancelled: cancelledIds.size, forcedMoves };
}
