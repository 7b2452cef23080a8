/**
 * The meeting scheduler of 对接会 matchmaking events: pure TypeScript plus HiGHS (WebAssembly) for
 * bounds and the exact mode. No framework, no database: the worker compiles an event into an
 * `EventInstance`, calls `scheduleEvent`, and stores the `ScheduleResult`.
 */
export type {
  BoundMethod,
  EventInstance,
  MeetingRequest,
  Participant,
  Placement,
  ScheduleMetrics,
  ScheduleMode,
  ScheduleOptions,
  ScheduleResult,
  Session,
  Slot,
  SlotTable,
  UnscheduledReason,
  UnscheduledRequest,
  UpperBound,
} from './model';
export { InvalidEventError } from './model';
export { scheduleEvent, DEFAULT_EXACT_MAX_REQUESTS, DEFAULT_EXACT_TIME_LIMIT_SECONDS } from './schedule';
export { withPublishedSchedule } from './reschedule';
export { boothTable } from './booths';
export { validateSchedule } from './validate';
export type { Violation, ViolationKind } from './validate';
export { countBreaks } from './breaks';
export type { BreakCount } from './breaks';
