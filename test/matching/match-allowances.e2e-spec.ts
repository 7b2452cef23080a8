import request from 'supertest';
import { assignBroker, type Session, userWithRole } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';
import { publishedItem } from '../support/catalog';
import { CONFIDENTIAL_ACHIEVEMENT, insertMatch, type MatchParties, matchParties } from '../support/matching';
import { DOCUMENTS_PER_HOUR, MESSAGES_PER_HOUR } from '@techbridge/matches';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('技术方案'), Buffer.alloc(64, 0x20)]);

/** The hourly allowances of 对接留言 and 对接资料 count only what is kept: a refused request spends none of the caller's. */
describe('allowances of messages and documents on matches', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  let outsider: Session;
  let freshMatch: MatchParties['freshMatch'];
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    ({ enterprise, university, outsider, freshMatch } = await matchParties(app));
  });
  afterAll(() => app.close());

  const write = (s: Session, matchId: string, body: string) => request(app.http).post(`/api/v1/matches/${matchId}/messages`).set(s.auth).send({ body });
  const share = (s: Session, matchId: string, name: string, content = PDF) => request(app.http).post(`/api/v1/matches/${matchId}/documents`).set(s.auth).attach('file', content, name);
  /** A broker serving the enterprise only: a fresh allowance, and matches of other parties it may not open. */
  const enterpriseBroker = async (): Promise<Session> => {
    const broker = await userWithRole(app, 'broker', 'agency');
    await assignBroker(app, broker, enterprise.organizationId!);
    return broker;
  };
  /** A match between the university and another enterprise: the enterprise's broker may not open it. */
  const othersMatch = async (): Promise<string> => {
    const demand = await publishedItem(app, outsider, 'demands', { title: '矿山破碎机轴承在线监测' });
    const achievement = await publishedItem(app, university, 'achievements', CONFIDENTIAL_ACHIEVEMENT);
    return insertMatch(app, demand.id, achievement.id);
  };

  it('messages refused on a match the caller may not open, or may not write on, spend none of its allowance', async () => {
    const broker = await enterpriseBroker();
    const closedToIt = await othersMatch();
    const dismissed = await freshMatch();
    await request(app.http).post(`/api/v1/matches/${dismissed}/actions/dismiss`).set(university.auth).send({ reason: '方向不符' }).expect(200);
    // Each kind of refusal alone as often as the allowance: one counted would leave no room for the last message.
    for (const [matchId, status] of [[closedToIt, 404], [dismissed, 409]] as const) {
      for (let i = 0; i < MESSAGES_PER_HOUR; i++) await write(broker, matchId, `第 ${i} 条`).expect(status);
    }
    expect(await app.sql(`SELECT 1 FROM match_messages WHERE match_id IN ($1, $2)`, [closedToIt, dismissed])).toEqual([]);
    await write(broker, await freshMatch(), '我是企业委托的技术经纪人。').expect(201);
  });

  it('documents refused (a match the caller may not open or share on, a file that is no document, one too many) spend none of its allowance', async () => {
    const broker = await enterpriseBroker();
    const closedToIt = await othersMatch();
    const dismissed = await freshMatch();
    await request(app.http).post(`/api/v1/matches/${dismissed}/actions/dismiss`).set(university.auth).send({ reason: '方向不符' }).expect(200);
    const full = await freshMatch();
    for (let i = 0; i < 10; i++) await share(university, full, `资料${i}.pdf`).expect(201);
    const refusals = [
      [closedToIt, PDF, 404],
      [dismissed, PDF, 409],
      [await freshMatch(), Buffer.from('plain text, not a document'), 400],
      [full, PDF, 409],
    ] as const;
    for (const [matchId, content, status] of refusals) {
      for (let i = 0; i < DOCUMENTS_PER_HOUR; i++) await share(broker, matchId, `方案${i}.pdf`, content).expect(status);
    }
    expect(await app.sql(`SELECT 1 FROM attachments WHERE item_kind = 'match' AND item_id IN ($1, $2, $3) AND organization_id = $4`, [closedToIt, dismissed, full, enterprise.organizationId])).toEqual([]);
    await share(broker, await freshMatch(), '技术方案.pdf').expect(201);
  });
});

/**
 * Without Redis the allowances are counted in PostgreSQL. A message's transaction counts inside itself:
 * a count taken on a second connection, with every pooled connection held by a transaction waiting for
 * one, would hang them all.
 */
describe('allowances counted in PostgreSQL, on a small pool', () => {
  let app: TestApp;
  let parties: { enterprise: Session; university: Session; freshMatch: MatchParties['freshMatch'] };
  beforeAll(async () => {
    app = await startTestApp({ worker: false, queueBackend: 'postgres', env: { REDIS_URL: '', DATABASE_POOL_SIZE: '2' } });
    parties = await matchParties(app);
  });
  afterAll(() => app.close());

  it('as many messages at once as the pool has connections, and more, are all written', async () => {
    expect(app.env.redisUrl).toBeUndefined();
    const matchId = await parties.freshMatch();
    const sent = await Promise.all(
      Array.from({ length: 4 }, (_, i) => request(app.http).post(`/api/v1/matches/${matchId}/messages`).set(i % 2 ? parties.university.auth : parties.enterprise.auth).send({ body: `同时发送 ${i}` })),
    );
    expect(sent.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(await app.sql('SELECT id FROM match_messages WHERE match_id = $1', [matchId])).toHaveLength(4);
    expect(await app.sql(`SELECT key FROM rate_limit_counters WHERE key LIKE 'match-message:%'`)).toHaveLength(2);
  });
});
