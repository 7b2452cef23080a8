import request from 'supertest';
import { assignBroker, type Session, userWithRole } from '../support/accounts';
import { publishedItem } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';
import { CONFIDENTIAL_ACHIEVEMENT, HIDDEN_WORD, insertMatch, matchParties } from '../support/matching';

/**
 * A broker serving several organisations holds each one's disclosures for that one alone: a
 * confidential achievement disclosed to one client stays redacted on another client's match.
 */
describe('a broker serving two organisations, a confidential item disclosed to one of them', () => {
  let app: TestApp;
  let broker: Session;
  let told: string;
  let untold: string;
  let enterpriseId: string;
  let outsiderId: string;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    const { enterprise, university, outsider } = await matchParties(app);
    const achievement = await publishedItem(app, university, 'achievements', CONFIDENTIAL_ACHIEVEMENT);
    // The outsider was told the details; the enterprise was not.
    await request(app.http).put(`/api/v1/achievements/${achievement.id}/disclosures/${outsider.organizationId}`).set(university.auth).expect(200);
    told = await insertMatch(app, (await publishedItem(app, outsider, 'demands')).id, achievement.id);
    untold = await insertMatch(app, (await publishedItem(app, enterprise, 'demands')).id, achievement.id);
    broker = await userWithRole(app, 'broker', 'agency');
    for (const served of [enterprise, outsider]) await assignBroker(app, broker, served.organizationId!);
    enterpriseId = enterprise.organizationId!;
    outsiderId = outsider.organizationId!;
  });
  afterAll(() => app.close());

  const as = (organizationId: string) => ({ ...broker.auth, 'X-Acting-Organization': organizationId });

  it('reads the match of the client not told redacted, and the other client’s unredacted', async () => {
    const hidden = await request(app.http).get(`/api/v1/matches/${untold}`).set(as(enterpriseId)).expect(200);
    expect(hidden.body.counterpart).toMatchObject({ redacted: true, title: CONFIDENTIAL_ACHIEVEMENT.neutralTitle });
    expect(JSON.stringify(hidden.body)).not.toContain(HIDDEN_WORD);
    const shown = await request(app.http).get(`/api/v1/matches/${told}`).set(as(outsiderId)).expect(200);
    expect(shown.body.counterpart).toMatchObject({ redacted: false, title: CONFIDENTIAL_ACHIEVEMENT.title });
  });

  it('lists both clients’ matches at once, each as disclosed to its own client', async () => {
    const listed = (await request(app.http).get('/api/v1/matches').query({ state: 'suggested' }).set(broker.auth).expect(200)).body.items as Array<{ id: string; counterpart: { redacted: boolean } }>;
    expect(listed.find((m) => m.id === untold)!.counterpart.redacted).toBe(true);
    expect(listed.find((m) => m.id === told)!.counterpart.redacted).toBe(false);
  });

  it('cannot record a deal naming the owner for the client not told', async () => {
    const refused = await request(app.http).post('/api/v1/deals').set(as(enterpriseId)).send({ matchId: untold, title: '成果转让', kind: 'transfer' }).expect(409);
    expect(refused.body.code).toBe('not_disclosed');
    expect((await app.sql<{ state: string }>(`SELECT state FROM matches WHERE id = $1`, [untold]))[0]!.state).toBe('suggested');
  });
});
