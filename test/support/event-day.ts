import type { TestApp } from './harness';

interface StoredSession {
  startsAt: string;
  slotMinutes: number;
  slotCount: number;
}

/**
 * The clock moves on to the event's day. Time itself cannot be moved (the rules of the day read the
 * database's clock), and the API keeps a booked event's times, so the event's timeline — sessions, windows and
 * roadshow pitches — is shifted as a whole, in the database, until slot `slot` started a minute ago; the
 * slots after it are still to come. Resolves with the shift in milliseconds.
 */
export async function slotUnderway(app: TestApp, eventId: string, slot: number): Promise<number> {
  const [{ sessions }] = await app.sql<{ sessions: StoredSession[] }>('SELECT sessions FROM events WHERE id = $1', [eventId]);
  const starts = [...sessions]
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
    .flatMap((s) => Array.from({ length: s.slotCount }, (_, i) => Date.parse(s.startsAt) + i * s.slotMinutes * 60_000));
  if (starts[slot] === undefined) throw new Error(`slot ${slot} does not exist`);
  const shift = Date.now() - 60_000 - starts[slot];
  await moveTimeline(app, eventId, shift);
  return shift;
}

/** Shifts the event's timeline by `ms` (negative: earlier): its sessions, its registration and booking windows, its roadshow pitches. */
export async function moveTimeline(app: TestApp, eventId: string, ms: number): Promise<void> {
  const [{ sessions }] = await app.sql<{ sessions: StoredSession[] }>('SELECT sessions FROM events WHERE id = $1', [eventId]);
  const moved = sessions.map((s) => ({ ...s, startsAt: new Date(Date.parse(s.startsAt) + ms).toISOString() }));
  const by = `$2::bigint * interval '1 millisecond'`;
  await app.sql(
    `UPDATE events SET sessions = $3::jsonb, registration_opens_at = registration_opens_at + ${by}, registration_closes_at = registration_closes_at + ${by},
            booking_opens_at = booking_opens_at + ${by}, booking_closes_at = booking_closes_at + ${by} WHERE id = $1`,
    [eventId, Math.round(ms), JSON.stringify(moved)],
  );
  await app.sql(`UPDATE roadshow_pitches SET starts_at = starts_at + ${by} WHERE event_id = $1`, [eventId, Math.round(ms)]);
}
