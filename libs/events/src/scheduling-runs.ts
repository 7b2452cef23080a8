import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import {
  type Actor,
  InvalidStateError,
  MatchmakingEvent,
  NotFoundError,
  type ScheduleReport,
  ScheduleRun,
  type ScheduleRunStatus,
} from '@techbridge/domain';
import { enqueueInTransaction, jobIdFor, StuckWork } from '@techbridge/queue';
import { InvalidEventError, type Violation } from '@techbridge/scheduling';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import { assertManages } from './event-access';
import { fingerprintOf, loadInputs, solve } from './schedule-inputs';
import { reportOf, storePlan } from './schedule-store';
import { FINAL, SCHEDULABLE } from './event-rules';

/** Plans found stale in a row before the run is handed back to the queue (to retry with backoff). */
const STALE_ATTEMPTS = 3;
const FINISHED: readonly ScheduleRunStatus[] = ['completed', 'failed', 'superseded'];

/** The event changed status or set-up (or another run scheduled it) since this run was requested. */
const movedOn = (run: ScheduleRun, event: MatchmakingEvent): boolean =>
  FINAL.includes(event.status) || (run.eventVersion !== null && event.version !== run.eventVersion);

/**
 * Running the scheduler on an event: the API records a run and, in the same transaction, an outbox
 * row for the worker; the worker compiles the event, calls `scheduleEvent` and replaces the
 * unlocked scheduled meetings with the result (storePlan), keeping published ones in place where it can.
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
        const report = reportOf(result, parties, await storePlan(manager, inputs, result));
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
}
