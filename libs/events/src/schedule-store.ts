import { type EventParticipant, type MatchmakingEvent, Meeting, MeetingRequest, MeetingSeat, type ScheduleReport } from '@techbridge/domain';
import type { Placement, ScheduleResult } from '@techbridge/scheduling';
import { randomUUID } from 'node:crypto';
import { type EntityManager, In } from 'typeorm';
import { knownPlace, overallCap } from './compile-instance';
import { noticesOfDrop, noticesOfPlacement } from './event-notices';
import { AGENDA_VISIBLE, startedSlots, timeline } from './event-rules';
import type { EventInputs } from './schedule-inputs';

const INSERT_CHUNK = 1_000;

/** A placement the store refused: it would overlap a meeting that stays put, or take a participant past a cap. */
interface Refusal {
  requestId: string;
  weight: number;
  reason: 'conflict' | 'cap_reached';
  detail: string;
}

/** What a store wrote, as the report tells it. */
export interface Stored {
  refused: Refusal[];
  /** Announced meetings now somewhere else than where their participants were last told, and those left out. */
  moved: number;
  dropped: number;
}

interface Candidate {
  placement: Placement;
  request: MeetingRequest;
  /** Its meeting as it is now, if it has one. */
  existing: Meeting | undefined;
}

/**
 * Replaces the unlocked scheduled meetings with the result. Rows that move are deleted and
 * inserted again under the same id (so the unique slot/table indexes never see a half-done
 * swap); a published meeting left out stays as cancelled so agendas can say so. On an agenda its
 * participants already see (published, live), each side of a meeting moved, added or left out is
 * told at once, as when the organizers do it by hand; an added one is announced (given a published place).
 */
export async function storePlan(manager: EntityManager, inputs: EventInputs, result: ScheduleResult): Promise<Stored> {
  const { event } = inputs;
  const eventId = event.id;
  // Only meetings the solver knew about are replaced (the fingerprint says these are all of them).
  const known = new Set(inputs.meetings.map((m) => m.id));
  // On a live event, meetings in slots that have started stay as they are, like locked ones.
  const started = new Set(startedSlots(event, inputs.now));
  const unlocked = (await manager.find(Meeting, { where: { eventId, status: 'scheduled', locked: false }, lock: { mode: 'pessimistic_write' } })).filter((m) => known.has(m.id));
  const current = unlocked.filter((m) => !started.has(m.slot));
  const fixed = [
    ...(await manager.find(Meeting, { where: { eventId, status: In(['held', 'no_show']) } })),
    ...(await manager.find(Meeting, { where: { eventId, status: 'scheduled', locked: true } })),
    ...unlocked.filter((m) => started.has(m.slot)),
  ];
  const fixedRequests = new Set(fixed.map((m) => m.requestId));
  // A locked meeting the scheduler could not keep (its participant blocked the slot since, say) stays
  // where the organizer put it, but the solver saw its place as free: nothing may be written over it.
  const taken = new Map<string, Meeting>();
  for (const m of fixed) for (const key of [`table:${m.slot}:${m.tableNo}`, `seat:${m.requesterId}:${m.slot}`, `seat:${m.counterpartId}:${m.slot}`]) taken.set(key, m);
  const refused: Refusal[] = [];
  const byRequest = new Map(current.map((m) => [m.requestId, m]));
  const placedIds = result.placements.map((p) => p.requestId);
  const requests = new Map(placedIds.length ? (await manager.findBy(MeetingRequest, { id: In(placedIds) })).map((r) => [r.id, r]) : []);
  const candidates: Candidate[] = [];
  for (const placement of result.placements) {
    const request = requests.get(placement.requestId);
    // A request cancelled (or a participant withdrawn) while the solver ran gets no meeting.
    if (fixedRequests.has(placement.requestId) || request?.status !== 'accepted') continue;
    const blocker = [`table:${placement.slot}:${placement.table}`, `seat:${request.requesterId}:${placement.slot}`, `seat:${request.counterpartId}:${placement.slot}`].map((key) => taken.get(key)).find(Boolean);
    if (blocker) {
      const detail = `its place (slot ${blocker.slot}) overlaps meeting ${blocker.id}, which stays where it is (${blocker.status === 'scheduled' ? 'locked' : blocker.status}) though the scheduler could not keep it there; move or unlock that meeting and schedule again`;
      refused.push({ requestId: placement.requestId, weight: request.priority, reason: 'conflict', detail });
      continue;
    }
    candidates.push({ placement, request, existing: byRequest.get(placement.requestId) });
  }

  const visible = AGENDA_VISIBLE.includes(event.status);
  const keep = new Set<string>();
  const inserts: Meeting[] = [];
  const told: Array<{ meeting: Meeting; from: { slot: number; table: number } | null }> = [];
  let moved = 0;
  for (const { placement: p, request, existing } of withinCaps(event, inputs.participants, fixed, candidates, refused)) {
    if (existing) keep.add(existing.id);
    const before = existing && knownPlace(event, existing);
    if (before && (before.slot !== p.slot || before.table !== p.table)) moved++;
    if (existing && existing.slot === p.slot && existing.tableNo === p.table) continue;
    const wasAnnounced = existing !== undefined && existing.publishedSlot !== null;
    // Told now, so announced: a later re-run keeps it where they know it, and a cancellation shows in their feeds.
    const announced = wasAnnounced ? { publishedSlot: existing.publishedSlot, publishedTable: existing.publishedTable } : visible ? { publishedSlot: p.slot, publishedTable: p.table } : { publishedSlot: null, publishedTable: null };
    const row = manager.create(Meeting, {
      ...(existing ? { id: existing.id, createdAt: existing.createdAt, version: existing.version + 1 } : { id: randomUUID() }),
      ...announced,
      eventId, requestId: p.requestId, requesterId: request.requesterId, counterpartId: request.counterpartId, slot: p.slot, tableNo: p.table,
      locked: false, status: 'scheduled', requesterFeedback: null, counterpartFeedback: null, statusChangedAt: null,
    });
    inserts.push(row);
    told.push({ meeting: row, from: wasAnnounced ? { slot: existing.slot, table: existing.tableNo } : null });
  }
  const replaced = current.filter((m) => !keep.has(m.id) || inserts.some((i) => i.id === m.id));
  if (replaced.length) await manager.delete(Meeting, { id: In(replaced.map((m) => m.id)) });
  // Published meetings that found no place again are kept, cancelled, for the agendas.
  const dropped = current.filter((m) => !keep.has(m.id) && m.publishedSlot !== null);
  const rows = [...inserts, ...dropped.map((m) => manager.create(Meeting, { ...m, status: 'cancelled', statusChangedAt: new Date(), version: m.version + 1 }))];
  // In chunks: one INSERT may carry at most 65,535 parameters.
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await manager.insert(Meeting, rows.slice(i, i + INSERT_CHUNK) as never);
  const seats = inserts.flatMap((m) => [m.requesterId, m.counterpartId].map((participantId) => ({ meetingId: m.id, participantId, slot: m.slot })));
  for (let i = 0; i < seats.length; i += INSERT_CHUNK) await manager.insert(MeetingSeat, seats.slice(i, i + INSERT_CHUNK));
  // Nobody is told before publishing: publishing announces the agenda (noticesOf… check that it is visible).
  await noticesOfPlacement(manager, event, told);
  await noticesOfDrop(manager, event, dropped);
  return { refused, moved, dropped: dropped.length };
}

/**
 * The caps once more, over what is written and everything that stays (locked, held, missed, started):
 * the solver was told of the meetings that stay only as far as the scheduler's input can say it (a
 * cap per participant, not per session), so whatever would take a participant past a cap is refused
 * here — meetings kept in place first, then by priority. Refusals are added to `refused`.
 */
function withinCaps(event: MatchmakingEvent, participants: readonly EventParticipant[], fixed: readonly Meeting[], candidates: readonly Candidate[], refused: Refusal[]): Candidate[] {
  const { caps } = event;
  if (caps.perParticipant === null && caps.perSession === null && !Object.values(caps.bySide ?? {}).some((v) => typeof v === 'number')) return [...candidates];
  const sessionOf = timeline(event.sessions).map((t) => t.sessionKey);
  const sideOf = new Map(participants.map((p) => [p.id, p.side]));
  const total = new Map<string, number>();
  const inSession = new Map<string, number>();
  const count = (id: string, slot: number) => {
    total.set(id, (total.get(id) ?? 0) + 1);
    inSession.set(`${id}:${sessionOf[slot]}`, (inSession.get(`${id}:${sessionOf[slot]}`) ?? 0) + 1);
  };
  for (const m of fixed) for (const id of [m.requesterId, m.counterpartId]) count(id, m.slot);
  const overBy = (id: string, slot: number): string | null => {
    const side = sideOf.get(id);
    const cap = overallCap(caps.perParticipant, side ? caps.bySide?.[side] : undefined);
    const n = total.get(id) ?? 0;
    if (cap !== null && n >= cap) return `${id} already has ${n} meetings counting those that stay where they are (locked, held, missed), the most its caps allow (${cap})`;
    const s = inSession.get(`${id}:${sessionOf[slot]}`) ?? 0;
    if (caps.perSession !== null && s >= caps.perSession) return `${id} already has ${s} meetings in session ${sessionOf[slot]} counting those that stay where they are, the most caps.perSession allows (${caps.perSession})`;
    return null;
  };
  const stays = (c: Candidate) => (c.existing && c.existing.slot === c.placement.slot && c.existing.tableNo === c.placement.table ? 0 : c.existing ? 1 : 2);
  const accepted: Candidate[] = [];
  for (const c of [...candidates].sort((a, b) => stays(a) - stays(b) || b.request.priority - a.request.priority)) {
    const over = [c.request.requesterId, c.request.counterpartId].map((id) => overBy(id, c.placement.slot)).find(Boolean);
    if (over) {
      refused.push({ requestId: c.request.id, weight: c.request.priority, reason: 'cap_reached', detail: over });
      continue;
    }
    accepted.push(c);
    for (const id of [c.request.requesterId, c.request.counterpartId]) count(id, c.placement.slot);
  }
  return accepted;
}

/** The run's report: the solver's metrics, less what the store refused to write. */
export function reportOf(result: ScheduleResult, parties: Map<string, { requesterId: string; counterpartId: string }>, stored: Stored): ScheduleReport {
  const m = result.metrics;
  const { refused } = stored;
  const scheduledWeight = m.scheduledWeight - refused.reduce((w, c) => w + c.weight, 0);
  const gap = m.bound.weight > 0 ? (100 * (m.bound.weight - scheduledWeight)) / m.bound.weight : 0;
  return {
    requests: m.requests, scheduled: m.scheduled - refused.length, scheduledWeight, upperBound: m.bound.weight, boundMethod: m.bound.method,
    gapPercent: refused.length ? Math.max(0, Math.round(gap * 1000) / 1000) : m.gapPercent,
    totalBreaks: m.totalBreaks, maxBreaks: m.maxBreaks, moved: stored.moved, dropped: stored.dropped, mode: m.mode, meetingsOptimal: refused.length ? false : (m.meetingsOptimal ?? null), solveMs: Math.round(m.solveMs),
    unscheduled: [
      ...result.unscheduled.map((u) => ({ requestId: u.requestId, ...parties.get(u.requestId)!, reason: u.reason, detail: u.detail })),
      ...refused.map((c) => ({ requestId: c.requestId, ...parties.get(c.requestId)!, reason: c.reason, detail: c.detail })),
    ],
  };
}
