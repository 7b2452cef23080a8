import { INITIAL_FIELDS } from '@techbridge/domain';
import { mayBook } from '@techbridge/events';
import { buildDemoCatalog } from './demo-catalog';
import { buildDemoEvent, buildDemoOpenEvent } from './demo-event';

const catalog = buildDemoCatalog();
const plan = buildDemoEvent(catalog);
const orgs = new Map(catalog.organizations.map((o) => [o.key, o]));
const sideOf = new Map(plan.participants.map((p) => [p.org, p.side]));

describe('the demo 对接会', () => {
  it('is the same on every build', () => {
    expect(buildDemoEvent(buildDemoCatalog())).toEqual(plan);
  });

  it('is organised by the government organisation, on a known theme, with each organisation registered once', () => {
    expect(orgs.get(plan.organizer)?.type).toBe('government');
    const fields = new Set(INITIAL_FIELDS.map((f) => f.code));
    expect(fields.has(plan.themeFieldCode)).toBe(true);
    expect(fields.has(buildDemoOpenEvent().themeFieldCode)).toBe(true);
    const keys = plan.participants.map((p) => p.org);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain(plan.organizer);
    for (const p of plan.participants) expect(orgs.has(p.org)).toBe(true);
  });

  it('has enterprises requesting research teams under its booking rule, once per pair, messages naming no confidential item', () => {
    expect(plan.requests.length).toBeGreaterThanOrEqual(20);
    const pairs = plan.requests.map((r) => `${r.from}:${r.to}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    const hidden = [...catalog.demands, ...catalog.achievements].filter((i) => i.visibility === 'confidential').map((i) => i.title);
    for (const r of plan.requests) {
      expect(mayBook(plan.bookingRule, sideOf.get(r.from)!, sideOf.get(r.to)!)).toBe(true);
      expect(r.priority).toBeGreaterThanOrEqual(1);
      expect(r.priority).toBeLessThanOrEqual(5);
      for (const title of hidden) expect(r.message).not.toContain(title);
    }
    expect(new Set(plan.requests.map((r) => r.response))).toEqual(new Set(['accept', 'decline', 'pending']));
  });

  it('gives the demo user printed by npm start (the first enterprise’s owner) meetings to see', () => {
    const first = catalog.organizations.find((o) => o.type === 'enterprise')!;
    expect(plan.requests.filter((r) => r.from === first.key && r.response === 'accept').length).toBeGreaterThanOrEqual(2);
  });

  it('fits its sessions: blocked slots exist, sessions are known, and the tables hold every accepted meeting', () => {
    const slots = plan.sessions.reduce((n, s) => n + s.slotCount, 0);
    const keys = new Set(plan.sessions.map((s) => s.key));
    for (const p of plan.participants) {
      for (const s of p.unavailableSlots ?? []) expect(s).toBeLessThan(slots);
      for (const k of p.sessionKeys ?? []) expect(keys.has(k)).toBe(true);
    }
    const accepted = plan.requests.filter((r) => r.response === 'accept').length;
    expect(plan.sessions.reduce((n, s) => n + s.slotCount * s.tables, 0)).toBeGreaterThan(accepted);
  });

  it('has a roadshow before the sessions: supply participants present their own published, non-confidential achievements; enterprises in the event follow up', () => {
    const achievements = new Map(catalog.achievements.map((a) => [a.externalRef, a]));
    expect(plan.roadshow.length).toBeGreaterThanOrEqual(3);
    let end = '00:00';
    for (const pitch of plan.roadshow) {
      const achievement = achievements.get(pitch.achievementRef)!;
      expect(achievement).toMatchObject({ owner: pitch.org, status: 'published' });
      expect(achievement.visibility).not.toBe('confidential');
      expect(sideOf.get(pitch.org)).toBe('supply');
      // In order, never overlapping, and over before the first session.
      expect(pitch.time >= end).toBe(true);
      const [h, m] = pitch.time.split(':').map(Number) as [number, number];
      end = `${String(h + Math.floor((m + pitch.minutes) / 60)).padStart(2, '0')}:${String((m + pitch.minutes) % 60).padStart(2, '0')}`;
      expect(pitch.interests.length).toBeGreaterThanOrEqual(1);
      for (const interest of pitch.interests) expect(sideOf.get(interest.from)).toBe('demand');
    }
    expect(end <= plan.sessions[0]!.time).toBe(true);
  });
});
