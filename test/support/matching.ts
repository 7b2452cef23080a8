import request from 'supertest';
import { registerOrganization, type Session } from './accounts';
import { publishedItem, verifyOrganization } from './catalog';
import { eventually, type TestApp } from './harness';

/** A word only a confidential achievement's details hold: it must never reach an outsider. */
export const HIDDEN_WORD = '磁致伸缩导波';
/** A confidential achievement about bearing monitoring, a match for the default demand. */
export const CONFIDENTIAL_ACHIEVEMENT = {
  title: '风电主轴轴承损伤早期预警的磁致伸缩导波监测装置',
  neutralTitle: '装备制造领域科技成果',
  summary: `利用${HIDDEN_WORD}在轴承座上激励和接收信号，识别主轴轴承滚道早期剥落损伤，实现早期预警。`,
  keywords: ['轴承', '早期预警'],
  visibility: 'confidential',
};

/** A match row as the worker would write it, for tests that run without one (with one, the pair it may have stored already). */
export async function insertMatch(app: TestApp, demandId: string, achievementId: string): Promise<string> {
  const rows = await app.sql<{ id: string }>(
    `INSERT INTO matches (demand_id, achievement_id, demand_version, achievement_version, score, demand_score, achievement_score, components, explanation, weights_version, computed_at, version)
     VALUES ($1, $2, 1, 1, 80, 80, 80, '{"text": 0.8, "field": 1, "region": 1}', '{"terms": [], "notes": []}', 'test', now(), 1)
     ON CONFLICT ON CONSTRAINT "UQ_matches_pair" DO UPDATE SET computed_at = matches.computed_at RETURNING id`,
    [demandId, achievementId],
  );
  return rows[0]!.id;
}

/** Copies of a published demand (or achievement), inserted directly (the outbox gets their jobs as for any published item). */
export async function copiesOf(app: TestApp, id: string, n: number, table: 'tech_demands' | 'achievements' = 'tech_demands'): Promise<string[]> {
  const columns = (
    await app.sql<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND column_name NOT IN ('id', 'external_ref')`, [table])
  ).map((c) => `"${c.column_name}"`);
  const rows = await app.sql<{ id: string }>(
    `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM ${table}, generate_series(1, $2) WHERE id = $1 RETURNING id`,
    [id, n],
  );
  return rows.map((r) => r.id);
}

/** Waits until the item's stored matches belong to its current version (or `version`). */
export async function matchesReady(app: TestApp, session: Session, kind: 'demands' | 'achievements', id: string, version?: number): Promise<{ version: number }> {
  return eventually(async () => {
    const res = await request(app.http).get(`/api/v1/${kind}/${id}`).set(session.auth).expect(200);
    const ready = res.body.matching?.state === 'ready' && (version === undefined || res.body.matching.version === version);
    return ready ? { version: res.body.version as number } : undefined;
  }, 30_000);
}

export async function matchList(app: TestApp, session: Session, kind: 'demands' | 'achievements', id: string, query = ''): Promise<MatchItem[]> {
  const res = await request(app.http).get(`/api/v1/${kind}/${id}/matches${query}`).set(session.auth).expect(200);
  return res.body.items as MatchItem[];
}

export interface MatchItem {
  id: string;
  /** The side the viewer is on. */
  side: 'demand' | 'achievement';
  /** The viewer's own item on that side. */
  item: { id: string; title: string };
  demandId: string;
  achievementId: string;
  score: number;
  state: string;
  stateLabel: string;
  version: number;
  components: Record<string, number>;
  explanation: { matched: string[]; gaps: string[]; text: string };
  counterpart: { id: string; title: string; redacted: boolean; [key: string]: unknown };
}

export interface MatchParties {
  /** 大连重工装备有限公司: its demands are public. */
  enterprise: Session;
  /** 东北轴承研究大学: its achievement is confidential. */
  university: Session;
  /** An organisation on neither side. */
  outsider: Session;
  /** A new suggested match between a public demand of the enterprise and a confidential achievement of the university. */
  freshMatch(): Promise<string>;
}

/** The two verified sides of matches and an outsider, for tests of what the sides do with a match. */
export async function matchParties(app: TestApp): Promise<MatchParties> {
  const enterprise = await registerOrganization(app, 'enterprise', { name: '大连重工装备有限公司' });
  const university = await registerOrganization(app, 'university', { name: '东北轴承研究大学' });
  const outsider = await registerOrganization(app, 'enterprise');
  for (const s of [enterprise, university, outsider]) await verifyOrganization(app, s.organizationId!);
  const freshMatch = async () => {
    const demand = await publishedItem(app, enterprise, 'demands', { title: '风电主轴轴承早期损伤预警' });
    const achievement = await publishedItem(app, university, 'achievements', CONFIDENTIAL_ACHIEVEMENT);
    return insertMatch(app, demand.id, achievement.id);
  };
  return { enterprise, university, outsider, freshMatch };
}
