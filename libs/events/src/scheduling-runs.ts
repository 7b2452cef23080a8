import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import {
  type Actor,
  InvalidStateError,
  MatchmakingEvent,
  Meeting,
  MeetingRequest,
  MeetingSeat,
  NotFoundError,
  type ScheduleReport,
  ScheduleRun,
  type ScheduleRunStatus,
} from '@techbridge/domain';
import { enqueueInTransaction, jobIdFor, StuckWork } from '@techbridge/queue';
import { InvalidEventError, type ScheduleResult, type Violation } from '@techbridge/scheduling';
import { randomUUID } from 'node:crypto';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import { assertManages } from './event-access';
import { type EventInputs, fingerprintOf, loadInputs, solve } from './schedule-inputs';
import { SCHEDULABLE, startedSlots } from './event-rules';

const INSERT_CHUNK = 1_000;
/** Plans found stale in a row before the run is handed back to the queue (to retry with backoff). */
const STALE_ATTEMPTS = 3;
const FINISHED: readonly ScheduleRunStatus[] = ['completed', 'failed', 'superseded'];

/** The event changed status or set-up (or another run scheduled it) since this run was requested. */
const movedOn = (run: ScheduleRun, event: MatchmakingEvent): boolean =>
  event.status === 'closed' || (run.eventVersion !== null && event.version !== run.eventVersion);

/**
 * Running the scheduler on an event: the API records a run and, in the same transaction, an outbox
 * row for the worker; the worker compiles the event, calls `scheduleEvent` and replaces the
 * unlocked scheduled meetings with the result, keeping published ones in place where it can.
 */
@Injectable()
export class SchedulingRuns implements OnModuleInit {
  private readonly logger = new Logger('Scheduling');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly stuckWork: StuckWork,
  ) {}

  /** A run whose job is lost or given up on must not stay queued or running forever. */
  onModuleInit(): void {
    this.stuckWork.register({
      jobName: 'events.schedule',
      table: 'event_schedule_runs',
      unfinished: ['queued', 'running'],
      payload: (row) => ({ eventId: row.event_id as string, runId: row.id as string }),
      idOf: (data) => data.runId,
    });
  }

  async request(actor: Actor, eventId: string): Promise<ScheduleRun> {
    return this.dataSource.transaction(async (manager) => {
      const event = assertManages(actor, await manager.findOne(MatchmakingEvent, { where: { id: eventId }, lock: { mode: 'pessimistic_write' } }), eventId);
      if (!SCHEDULABLE.includes(event.status)) throw new InvalidStateError(event.status, 'schedule', undefined, `an event is scheduled once booking opened (${SCHEDULABLE.join(', ')}); this one is ${event.status}`);
      const run = await manager.save(manager.create(ScheduleRun, { eventId, eventVersion: event.version, status: 'queued', requestedBy: actor.userId, report: null, failureReason: null, finishedAt: null }));
      await enqueueInTransaction(manager, 'events.schedule', { eventId, runId: run.id }, jobIdFor('events.schedule', run.id));
      await this.audit.record(manager, actor, { action: 'event.schedule', resourceType: 'event', resourceId: eventId, organizationId: event.organizerOrganizationId, details: { runId: run.id } });
      return run;
    });
  }

  async latest(actor: Actor, eventId: string): Promise<ScheduleRun> {
    assertManages(actor, await this.dataSource.getRepository(MatchmakingEvent).findOneBy({ id: eventId }), eventId);
    const run = await this.dataSource.getRepository(ScheduleRun).findOne({ where: { eventId }, order: { createdAt: 'DESC', id: 'DESC' } });
    if (!run) throw new NotFoundError('schedule_run');
    return run;
  }

  /**
   * The worker's side; idempotent (a finished run is not redone). An error is rethrown for BullMQ
   * to retry; when it gives up, StuckWork marks the run failed (from the worker's `failed` event).
   */
  async process(runId: string): Promise<ScheduleReport | null> {
    const run = await this.dataSource.getRepository(ScheduleRun).findOneBy({ id: runId });
    if (!run || FINISHED.includes(run.status)) return run?.report ?? null;
    await this.dataSource.getRepository(ScheduleRun).update({ id: runId, status: Not(In(FINISHED)) }, { status: 'running' });
    try {
      return await this.run(run);
    } catch (err) {
      // An event the scheduler cannot read (e.g. a booth beyond the tables of a session) fails at once: retrying cannot help.
      if (err instanceof InvalidEventError) {
        await this.dataSource.getRepository(ScheduleRun).update({ id: runId }, { status: 'failed', failureReason: `${err.field}: ${err.message}`.slice(0, 1000), finishedAt: new Date() });
        return null;
      }
      throw err;
    }
  }

  /**
   * Solves on what the event holds now, then stores under the event's exclusive lock — but only if
   * nothing the solver read changed meanwhile (a manual placement, a request accepted or cancelled, a
   * participant's availability): otherwise the plan is stale and is solved again on fresh data. A
   * run whose event moved on since it was requested (reopened, published, closed, set-up edited, or
   * scheduled by another run) is superseded and writes nothing.
   */
  private async run(run: ScheduleRun): Promise<ScheduleReport | null> {
    for (let attempt = 1; ; attempt++) {
      const inputs = await loadInputs(this.dataSource.manager, run.eventId);
      if (!inputs) throw new Error(`event ${run.eventId} is gone`);
      if (movedOn(run, inputs.event)) {
        return this.dataSource.transaction(async (manager) => ((await this.finishedMeanwhile(manager, run)) ?? { report: await this.supersede(manager, run, inputs.event) }).report);
      }
      const { result, violations, parties } = await solve(inputs);
      if (violations.length) return this.refuse(run, violations);
      const outcome = await this.dataSource.transaction(async (manager): Promise<{ report: ScheduleReport | null } | 'stale'> => {
        // Manual edits, requests and registrations take this event's row lock (shared): while we hold it
        // exclusively, what we compare below is what we write against.
        const locked = await manager.findOne(MatchmakingEvent, { where: { id: run.eventId }, lock: { mode: 'pessimistic_write' } });
        if (!locked) throw new Error(`event ${run.eventId} is gone`);
        const finished = await this.finishedMeanwhile(manager, run);
        if (finished) return finished;
        if (movedOn(run, locked)) return { report: await this.supersede(manager, run, locked) };
        const now = await loadInputs(manager, run.eventId);
        if (!now || fingerprintOf(now) !== fingerprintOf(inputs)) return 'stale';
        const collided = await this.store(manager, inputs, result);
        const report = reportOf(result, parties, collided);
        await manager.update(ScheduleRun, { id: run.id }, { status: 'completed', report: report as never, finishedAt: new Date() });
        if (locked.status === 'booking') await manager.update(MatchmakingEvent, { id: locked.id }, { status: 'scheduled', version: locked.version + 1 });
        this.logger.log(`event ${locked.id}: ${report.scheduled}/${report.requests} meetings scheduled (bound ${report.upperBound}), ${report.moved} moved`);
        return { report };
      });
      if (outcome !== 'stale') return outcome.report;
      this.logger.log(`event ${run.eventId}: changed while the scheduler ran (attempt ${attempt}); solving again on fresh data`);
      // Edits keep coming: let the queue retry later (with backoff) rather than spin here.
      if (attempt >= STALE_ATTEMPTS) throw new Error(`the event kept changing while the scheduler ran (${attempt} attempts); retrying later`);
    }
  }

  /**
   * The run locked: a second delivery of its job (a stalled worker's) that solved alongside the first
   * finds it finished by then, and leaves it as it is rather than superseding or storing it again.
   */
  private async finishedMeanwhile(manager: EntityManager, run: ScheduleRun): Promise<{ report: ScheduleReport | null } | null> {
    const now = await manager.findOne(ScheduleRun, { where: { id: run.id }, lock: { mode: 'pessimistic_write' } });
    return now && FINISHED.includes(now.status) ? { report: now.report ?? null } : null;
  }

  /**
   * A plan that breaks a hard constraint is never stored: the run fails at once (solving the same
   * event again would give the same plan), saying what is broken, and the event keeps what it had.
   */
  private async refuse(run: ScheduleRun, violations: Violation[]): Promise<null> {
    const shown = violations.slice(0, 5).map((v) => v.message).join('; ');
    const reason = `the scheduler's plan breaks ${violations.length} hard constraint${violations.length === 1 ? '' : 's'} and was not stored: ${shown}${violations.length > 5 ? '; …' : ''}`;
    await this.dataSource.getRepository(ScheduleRun).update({ id: run.id, status: Not(In(FINISHED)) }, { status: 'failed', failureReason: reason.slice(0, 1000), finishedAt: new Date() });
    this.logger.error(`event ${run.eventId}: run ${run.id} ${reason}`);
    return null;
  }

  private async supersede(manager: EntityManager, run: ScheduleRun, event: MatchmakingEvent): Promise<null> {
    const reason = `superseded: the event changed after this run was requested (version ${run.eventVersion} → ${event.version}, now ${event.status}); nothing was written — schedule again if needed`;
    await manager.update(ScheduleRun, { id: run.id }, { status: 'superseded', failureReason: reason, finishedAt: new Date() });
    this.logger.log(`event ${event.id}: run ${run.id} ${reason}`);
    return null;
  }

  /**
   * Replaces the unlocked scheduled meetings with the result. Rows that move are deleted and
   * inserted again under the same id (so the unique slot/table indexes never see a half-done
   * swap); a published meeting left out stays as cancelled so agendas can say so.
   */
  private async store(manager: EntityManager, inputs: EventInputs, result: ScheduleResult): Promise<Collision[]> {
    const eventId = inputs.event.id;
    // Only meetings the solver knew about are replaced (the fingerprint says these are all of them).
    const known = new Set(inputs.meetings.map((m) => m.id));
    // On a live event, meetings in slots that have started stay as they are, like locked ones.
    const started = new Set(startedSlots(inputs.event, inputs.now));
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
    const collided: Collision[] = [];
    const byRequest = new Map(current.map((m) => [m.requestId, m]));
    const placedIds = result.placements.map((p) => p.requestId);
    const requests = new Map(placedIds.length ? (await manager.findBy(MeetingRequest, { id: In(placedIds) })).map((r) => [r.id, r]) : []);
    const keep = new Set<string>();
    const inserts: Meeting[] = [];
    for (const p of result.placements) {
      // A request cancelled (or a participant withdrawn) while the solver ran gets no meeting.
      if (fixedRequests.has(p.requestId) || requests.get(p.requestId)?.status !== 'accepted') continue;
      const request = requests.get(p.requestId)!;
      const blocker = [`table:${p.slot}:${p.table}`, `seat:${request.requesterId}:${p.slot}`, `seat:${request.counterpartId}:${p.slot}`].map((key) => taken.get(key)).find(Boolean);
      if (blocker) {
        collided.push({ requestId: p.requestId, weight: request.priority, blocker });
        continue;
      }
      const existing = byRequest.get(p.requestId);
      if (existing && existing.slot === p.slot && existing.tableNo === p.table) {
        keep.add(existing.id);
        continue;
      }
      inserts.push(manager.create(Meeting, {
        ...(existing ? { id: existing.id, createdAt: existing.createdAt, publishedSlot: existing.publishedSlot, publishedTable: existing.publishedTable, version: existing.version + 1 } : { id: randomUUID(), publishedSlot: null, publishedTable: null }),
        eventId, requestId: p.requestId, requesterId: request.requesterId, counterpartId: request.counterpartId, slot: p.slot, tableNo: p.table,
        locked: false, status: 'scheduled', requesterFeedback: null, counterpartFeedback: null, statusChangedAt: null,
      }));
      if (existing) keep.add(existing.id);
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
    return collided;
  }
}

/** A placement the store refused: it would overlap a meeting that stays put (locked, held or no-show). */
interface Collision {
  requestId: string;
  weight: number;
  blocker: Meeting;
}

function reportOf(result: ScheduleResult, parties: Map<string, { requesterId: string; counterpartId: string }>, collided: Collision[]): ScheduleReport {
  const m = result.metrics;
  const scheduledWeight = m.scheduledWeight - collided.reduce((w, c) => w + c.weight, 0);
  const gap = m.bound.weight > 0 ? (100 * (m.bound.weight - scheduledWeight)) / m.bound.weight : 0;
  return {
    requests: m.requests, scheduled: m.scheduled - collided.length, scheduledWeight, upperBound: m.bound.weight, boundMethod: m.bound.method,
    gapPercent: collided.length ? Math.max(0, Math.round(gap * 1000) / 1000) : m.gapPercent,
    totalBreaks: m.totalBreaks, maxBreaks: m.maxBreaks, moved: m.moved, dropped: m.dropped, mode: m.mode, meetingsOptimal: collided.length ? false : (m.meetingsOptimal ?? null), solveMs: Math.round(m.solveMs),
    unscheduled: [
      ...result.unscheduled.map((u) => ({ requestId: u.requestId, ...parties.get(u.requestId)!, reason: u.reason, detail: u.detail })),
      ...collided.map((c) => ({
        requestId: c.requestId, ...parties.get(c.requestId)!, reason: 'conflict',
        detail: `its place (slot ${c.blocker.slot}) overlaps meeting ${c.blocker.id}, which stays where it is (${c.blocker.status === 'scheduled' ? 'locked' : c.blocker.status}) though the scheduler could not keep it there; move or unlock that meeting and schedule again`,
      })),
    ],
  };
}
