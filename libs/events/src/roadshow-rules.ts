import { todayInChina } from '@techbridge/catalog';
import { chinaTime } from '@techbridge/mail';
import type { EventSession, FieldProblem } from '@techbridge/domain';
import { eventDays, ISO_WITH_OFFSET, timeline } from './event-rules';

/** A pitch lasts 3–60 minutes: a few slides at least, never the whole morning. */
export const PITCH_MINUTES = { min: 3, max: 60 } as const;

export interface PitchTime {
  startsAt: Date;
  minutes: number;
}

export interface ProgrammedPitch extends PitchTime {
  id: string;
  title: string;
}

export const pitchEnd = (pitch: PitchTime): Date => new Date(pitch.startsAt.getTime() + pitch.minutes * 60_000);

/** A pitch's start must be a date-time with an offset on one of the event's days (the stage is there then). */
export function pitchStartProblems(sessions: readonly Pick<EventSession, 'startsAt'>[], startsAt: string): FieldProblem[] {
  if (!ISO_WITH_OFFSET.test(startsAt) || Number.isNaN(Date.parse(startsAt))) {
    return [{ field: 'startsAt', code: 'isIso8601', message: 'startsAt must be a date-time with an offset, e.g. 2026-12-01T09:00:00+08:00' }];
  }
  const days = eventDays(sessions);
  const day = todayInChina(new Date(startsAt));
  return days.includes(day) ? [] : [{ field: 'startsAt', code: 'eventDay', message: `startsAt falls on ${day}; the event takes place on ${days.join(', ')}` }];
}

/** One stage: the first pitch of the programme (other than `except`) whose time overlaps the candidate's. */
export function clashOf<P extends ProgrammedPitch>(programme: readonly P[], candidate: PitchTime, except?: string): P | undefined {
  const start = candidate.startsAt.getTime();
  const end = pitchEnd(candidate).getTime();
  return programme.find((p) => p.id !== except && p.startsAt.getTime() < end && start < pitchEnd(p).getTime());
}

/** The slots of the one-to-one sessions a pitch overlaps: its presenter is on the stage then, not at a table. */
export function slotsDuring(sessions: readonly EventSession[], time: PitchTime): number[] {
  const start = time.startsAt.getTime();
  const end = pitchEnd(time).getTime();
  return timeline(sessions)
    .filter((s) => s.startsAt.getTime() < end && start < s.endsAt.getTime())
    .map((s) => s.slot);
}

/** Participants as the scheduler sees them: their own blocked slots and those of their pitches, in order. */
export function withStageTime<P extends { id: string; unavailableSlots: number[] }>(sessions: readonly EventSession[], participants: readonly P[], pitches: ReadonlyArray<PitchTime & { participantId: string }>): P[] {
  return participants.map((p) => {
    const onStage = pitches.filter((pitch) => pitch.participantId === p.id).flatMap((pitch) => slotsDuring(sessions, pitch));
    return onStage.length ? { ...p, unavailableSlots: [...new Set([...p.unavailableSlots, ...onStage])].sort((a, b) => a - b) } : p;
  });
}

/** Pitches a change of sessions would leave on a day the event no longer takes place (the organizer moves them first). */
export function strandedPitches(sessions: readonly Pick<EventSession, 'startsAt'>[], pitches: ReadonlyArray<{ id: string; startsAt: Date }>): FieldProblem[] {
  const days = eventDays(sessions);
  // Named by id and time, not by its title: its achievement may have turned confidential since it was announced.
  return pitches
    .filter((p) => !days.includes(todayInChina(p.startsAt)))
    .map((p) => ({ field: 'sessions', code: 'pitchOffDay', message: `roadshow pitch ${p.id} at ${chinaTime(p.startsAt)} is on ${todayInChina(p.startsAt)}, which would no longer be a day of the event; move it first` }));
}
