// Loads the demo 对接会 through the running API as its users would: the organizer sets the event up,
// organisations register and are approved, enterprises request meetings and research teams answer,
// the worker schedules them, and the organizer publishes the agendas. A roadshow opens the day. A second event is left open
// for registration.
import type { DemoEventPlan, DemoEventSession, DemoOpenEventPlan } from '../demo/demo-event';
import { type Api, inParallel, type Session } from './demo-api';

export interface DemoEventsLoaded {
  title: string;
  participants: number;
  requests: number;
  /** Meetings the scheduler placed and the organizer published. */
  meetings: number;
  /** Pitches on its roadshow stage and the interest registered in them. */
  pitches: number;
  interests: number;
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);
const sessionsOn = (days: number, sessions: DemoEventSession[]) =>
  sessions.map(({ time, ...s }) => ({ ...s, startsAt: `${inDays(days).toISOString().slice(0, 10)}T${time}:00+08:00` }));

/** `sessionOf(orgKey)` signs that organisation's owner in (again: the catalogue's tokens may have expired by now). */
/** `ids` maps the catalogue's external references to the ids the API gave them. */
export async function loadDemoEvents(api: Api, sessionOf: (orgKey: string) => Promise<Session>, plan: DemoEventPlan, open: DemoOpenEventPlan, ids: ReadonlyMap<string, string>): Promise<DemoEventsLoaded> {
  const sessions = new Map<string, Session>();
  for (const key of new Set([plan.organizer, ...plan.participants.map((p) => p.org)])) sessions.set(key, await sessionOf(key));
  const as = (key: string) => sessions.get(key)!.token;
  const organizer = as(plan.organizer);

  const event = await api.call<{ id: string }>(
    'POST',
    '/events',
    {
      title: plan.title, description: plan.description, themeFieldCode: plan.themeFieldCode, venue: plan.venue,
      registrationClosesAt: inDays(plan.registrationClosesInDays).toISOString(), bookingClosesAt: inDays(plan.bookingClosesInDays).toISOString(),
      sessions: sessionsOn(plan.eventInDays, plan.sessions), caps: plan.caps, bookingRule: plan.bookingRule,
    },
    organizer,
  );
  const path = `/events/${event.id}`;
  await api.call('POST', `${path}/actions/open_registration`, {}, organizer);

  const participantOf = new Map<string, string>();
  await inParallel(plan.participants, async ({ org, ...registration }) => {
    const registered = await api.call<{ id: string }>('POST', `${path}/participants`, registration, as(org));
    await api.call('POST', `${path}/participants/${registered.id}/actions/approve`, {}, organizer);
    participantOf.set(org, registered.id);
  });
  // The roadshow opens the day; enterprises that saw a pitch register interest in it.
  const day = inDays(plan.eventInDays).toISOString().slice(0, 10);
  let interests = 0;
  for (const pitch of plan.roadshow) {
    const body = { participantId: participantOf.get(pitch.org), achievementId: ids.get(pitch.achievementRef), startsAt: `${day}T${pitch.time}:00+08:00`, minutes: pitch.minutes };
    const added = await api.call<{ id: string }>('POST', `${path}/roadshow`, body, organizer);
    for (const { from, message } of pitch.interests) {
      await api.call('PUT', `${path}/roadshow/${added.id}/interest`, { message }, as(from));
      interests++;
    }
  }
  await api.call('POST', `${path}/actions/open_booking`, {}, organizer);

  await inParallel(plan.requests, async ({ from, to, priority, message, response }) => {
    const asked = await api.call<{ id: string }>('POST', `${path}/requests`, { counterpartId: participantOf.get(to), priority, message }, as(from));
    if (response !== 'pending') await api.call('POST', `${path}/requests/${asked.id}/actions/${response}`, {}, as(to));
  });

  // The worker schedules; the run's report says how many meetings it placed.
  const run = await api.call<{ id: string }>('POST', `${path}/schedule`, {}, organizer);
  const deadline = Date.now() + 120_000;
  let report: { requests: number; scheduled: number } | null = null;
  while (!report) {
    const latest = await api.call<{ id: string; status: string; report: { requests: number; scheduled: number } | null; failureReason: string | null }>('GET', `${path}/schedule`, undefined, organizer);
    if (latest.id === run.id && latest.status === 'failed') throw new Error(`the demo event's schedule run failed: ${latest.failureReason}`);
    if (latest.id === run.id && latest.status === 'completed') report = latest.report;
    else if (Date.now() > deadline) throw new Error(`the demo event's schedule run did not finish within 2 minutes (${latest.status})`);
    else await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await api.call('POST', `${path}/actions/publish`, {}, organizer);

  const next = await api.call<{ id: string }>(
    'POST',
    '/events',
    {
      title: open.title, themeFieldCode: open.themeFieldCode, venue: open.venue,
      registrationClosesAt: inDays(open.registrationClosesInDays).toISOString(), bookingClosesAt: inDays(open.bookingClosesInDays).toISOString(),
      sessions: sessionsOn(open.eventInDays, open.sessions), bookingRule: 'cross',
    },
    organizer,
  );
  await api.call('POST', `/events/${next.id}/actions/open_registration`, {}, organizer);
  return { title: plan.title, participants: plan.participants.length, requests: report.requests, meetings: report.scheduled, pitches: plan.roadshow.length, interests };
}
