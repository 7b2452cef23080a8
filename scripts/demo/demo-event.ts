/**
 * The demo 对接会: 辽北新区科技创新局 runs an equipment and materials matchmaking event where the demo
 * enterprises meet the universities and institutes whose achievements answer their demands. The
 * loader registers everyone, has them request and accept meetings, runs the scheduler in the worker
 * and publishes, so a user who signs in after `npm start` finds an agenda waiting.
 *
 * Deterministic like the rest of the demo set: who meets whom comes from the pairs the catalogue was
 * written for (`buildDemoRelevance`); dates are days from the load, turned into times by the loader.
 */
import { buildDemoRelevance } from './demo-catalog';
import type { DemoCatalog } from './types';

export interface DemoEventParticipant {
  /** DemoOrganization.key */
  org: string;
  side: 'demand' | 'supply' | 'observer';
  sessionKeys?: string[];
  unavailableSlots?: number[];
}

export interface DemoEventRequest {
  /** Enterprise (demand side) asking… */
  from: string;
  /** …a research organisation (supply side). */
  to: string;
  priority: number;
  message: string;
  /** What the counterpart does with it; `pending` ones wait for the booking deadline. */
  response: 'accept' | 'decline' | 'pending';
}

export interface DemoEventSession {
  key: string;
  name: string;
  /** Local time (+08:00) on the event day. */
  time: string;
  slotMinutes: number;
  slotCount: number;
  tables: number;
}

/** A pitch on the demo event's roadshow stage (路演), before the one-to-one sessions, and who wants to follow it up. */
export interface DemoPitch {
  /** The presenting research organisation (a supply participant). */
  org: string;
  achievementRef: string;
  /** Local time (+08:00) on the event day. */
  time: string;
  minutes: number;
  /** Enterprises registering interest (意向登记), with their message. */
  interests: Array<{ from: string; message: string }>;
}

/** What every demo event has; the second one, open for registration, has no more than this. */
export interface DemoOpenEventPlan {
  title: string;
  themeFieldCode: string;
  venue: string;
  /** Days from the load. */
  registrationClosesInDays: number;
  bookingClosesInDays: number;
  eventInDays: number;
  sessions: DemoEventSession[];
}

/** The published event: its organizer, who registers and who asks whom. */
export interface DemoEventPlan extends DemoOpenEventPlan {
  /** The organizer organisation (its owner has the organizer role). */
  organizer: string;
  description: string;
  caps: { perParticipant: number; perSession: number };
  bookingRule: 'demand_to_supply';
  participants: DemoEventParticipant[];
  requests: DemoEventRequest[];
  roadshow: DemoPitch[];
}

const MOST_COUNTERPARTS = 4;
/** The roadshow: this many pitches of 8 minutes from 08:10, done before the sessions open at 09:00. */
const PITCHES = 5;
const PITCH_MINUTES = 8;

export function buildDemoEvent(catalog: DemoCatalog): DemoEventPlan {
  const orgs = new Map(catalog.organizations.map((o) => [o.key, o]));
  const demands = new Map(catalog.demands.map((d) => [d.externalRef, d]));
  const achievements = new Map(catalog.achievements.map((a) => [a.externalRef, a]));
  // Pairs of published, non-confidential items written to solve each other (their titles go into the messages).
  const shown = (item: { status: string; visibility: string }) => item.status === 'published' && item.visibility !== 'confidential';
  const byPair = new Map<string, { from: string; to: string; demandTitle: string; achievementRef: string; achievementTitle: string; links: number }>();
  for (const r of buildDemoRelevance()) {
    const demand = demands.get(r.demandRef);
    const achievement = achievements.get(r.achievementRef);
    if (!demand || !achievement || r.grade !== 2 || !shown(demand) || !shown(achievement)) continue;
    if (orgs.get(demand.owner)?.type !== 'enterprise' || !['university', 'institute'].includes(orgs.get(achievement.owner)?.type ?? '')) continue;
    const key = `${demand.owner}→${achievement.owner}`;
    const pair = byPair.get(key);
    if (pair) pair.links++;
    else byPair.set(key, { from: demand.owner, to: achievement.owner, demandTitle: demand.title, achievementRef: achievement.externalRef, achievementTitle: achievement.title, links: 1 });
  }
  // Each enterprise asks the research organisations it has most to discuss with, at most four.
  const requests: DemoEventRequest[] = [];
  const enterprises = catalog.organizations.filter((o) => o.type === 'enterprise');
  for (const enterprise of enterprises) {
    const mine = [...byPair.values()].filter((p) => p.from === enterprise.key).sort((a, b) => b.links - a.links || a.to.localeCompare(b.to)).slice(0, MOST_COUNTERPARTS);
    mine.forEach((p, i) => {
      requests.push({
        from: p.from,
        to: p.to,
        priority: p.links >= 3 ? 3 : p.links === 2 ? 2 : 1,
        message: `我司「${p.demandTitle}」与贵方成果「${p.achievementTitle}」高度契合，希望在对接会上面谈合作方式与中试安排。`,
        // Most are accepted; an enterprise's fourth request is left open, and every fifth request overall is declined.
        response: i === 3 ? 'pending' : (requests.length + 1) % 5 === 0 ? 'decline' : 'accept',
      });
    });
  }
  const inRequests = new Set(requests.flatMap((r) => [r.from, r.to]));
  const supply = catalog.organizations.filter((o) => (o.type === 'university' || o.type === 'institute') && inRequests.has(o.key));
  const observer = catalog.organizations.find((o) => o.type === 'agency');
  const participants: DemoEventParticipant[] = [
    ...enterprises.filter((o) => inRequests.has(o.key)).map((o) => ({ org: o.key, side: 'demand' as const })),
    // Research teams have teaching to do: one comes for the afternoon only, one is away for the first hour.
    ...supply.map((o, i) => ({ org: o.key, side: 'supply' as const, ...(i === 1 ? { sessionKeys: ['pm'] } : i === 2 ? { unavailableSlots: [0, 1, 2] } : {}) })),
    ...(observer ? [{ org: observer.key, side: 'observer' as const }] : []),
  ];
  // The first research organisations present the achievement that brought them most requests; the enterprises that asked them say so.
  const roadshow: DemoPitch[] = supply.slice(0, PITCHES).map((o, i) => {
    const asked = [...byPair.values()].filter((p) => p.to === o.key).sort((a, b) => b.links - a.links || a.from.localeCompare(b.from));
    const minute = 10 + i * PITCH_MINUTES;
    return {
      org: o.key,
      achievementRef: asked[0]!.achievementRef,
      time: `08:${String(minute).padStart(2, '0')}`,
      minutes: PITCH_MINUTES,
      interests: asked.slice(0, 2).map((p) => ({ from: p.from, message: `想进一步了解「${p.achievementTitle}」用于我司「${p.demandTitle}」的可行性。` })),
    };
  });
  const organizer = catalog.organizations.find((o) => o.type === 'government');
  if (!organizer) throw new Error('the demo set has no government organisation to organise its event');
  return {
    organizer: organizer.key,
    title: '2026 辽宁装备制造与新材料专场技术对接会',
    description: '面向装备制造、新材料、化工与生物医药企业的技术需求，邀请省内高校和科研院所携成果参会，上午、下午两场一对一洽谈。',
    themeFieldCode: 'equipment',
    venue: '沈阳新世界博览馆 B2 馆 对接区',
    registrationClosesInDays: 7,
    bookingClosesInDays: 10,
    eventInDays: 14,
    sessions: [
      { key: 'am', name: '上午场', time: '09:00', slotMinutes: 20, slotCount: 8, tables: 10 },
      { key: 'pm', name: '下午场', time: '14:00', slotMinutes: 20, slotCount: 8, tables: 10 },
    ],
    caps: { perParticipant: 12, perSession: 6 },
    bookingRule: 'demand_to_supply',
    participants,
    requests,
    roadshow,
  };
}

export function buildDemoOpenEvent(): DemoOpenEventPlan {
  return {
    title: '2026 辽北新能源与现代农业专场对接会',
    themeFieldCode: 'new_energy',
    venue: '铁岭市科技创新服务中心 一层报告厅',
    registrationClosesInDays: 20,
    bookingClosesInDays: 25,
    eventInDays: 30,
    sessions: [{ key: 'am', name: '上午场', time: '09:30', slotMinutes: 20, slotCount: 8, tables: 6 }],
  };
}
