import request from 'supertest';
import { registerOrganization, type Session } from '../support/accounts';
import { achievementBody, demandBody } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';

/** PATCH changes what it names and nothing else; bad input is a 400 naming the field and changes nothing. */
describe('editing demands and achievements', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    enterprise = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
  });
  afterAll(() => app.close());

  const create = async (s: Session, kind: 'demands' | 'achievements', body: Record<string, unknown>) =>
    (await request(app.http).post(`/api/v1/${kind}`).set(s.auth).send(body).expect(201)).body;
  const patch = (s: Session, kind: 'demands' | 'achievements', id: string, body: Record<string, unknown>) => request(app.http).patch(`/api/v1/${kind}/${id}`).set(s.auth).send(body);

  it('a partial update of a demand leaves every omitted optional field as it was', async () => {
    const stored = { keywords: ['轴承', '状态监测'], chainCodes: ['bearings_and_parts'], indicators: ['提前3个月发现损伤'], localPreference: true };
    const demand = await create(enterprise, 'demands', demandBody(stored));
    const res = await patch(enterprise, 'demands', demand.id, { title: '主轴轴承损伤预警（修订）', version: 1 }).expect(200);
    expect(res.body).toMatchObject({ title: '主轴轴承损伤预警（修订）', version: 2, ...stored });
    expect((await request(app.http).get(`/api/v1/demands/${demand.id}`).set(enterprise.auth).expect(200)).body).toMatchObject(stored);
  });

  it('a partial update of an achievement leaves every omitted optional field as it was', async () => {
    const stored = {
      keywords: ['声发射'], chainCodes: ['bearings_and_parts'], innovationPoints: ['低转速下的早期损伤识别'], applicationScenarios: ['风电主轴'],
      ipRights: [{ kind: 'invention_patent', number: 'ZL202110123456.7', status: 'granted' }],
    };
    const achievement = await create(university, 'achievements', achievementBody(stored));
    const res = await patch(university, 'achievements', achievement.id, { title: '声发射轴承监测（修订）', version: 1 }).expect(200);
    expect(res.body).toMatchObject({ title: '声发射轴承监测（修订）', version: 2, ...stored });
    expect((await request(app.http).get(`/api/v1/achievements/${achievement.id}`).set(university.auth).expect(200)).body).toMatchObject(stored);
  });

  it('creating without the optional lists and flags stores them empty and off', async () => {
    const { keywords: _k, chainCodes: _c, indicators: _i, localPreference: _l, ...demand } = demandBody();
    expect(await create(enterprise, 'demands', demand)).toMatchObject({ keywords: [], chainCodes: [], indicators: [], localPreference: false });
    const { keywords: _ak, chainCodes: _ac, innovationPoints: _ip, applicationScenarios: _as, ipRights: _ir, ...achievement } = achievementBody();
    expect(await create(university, 'achievements', achievement)).toMatchObject({ keywords: [], chainCodes: [], innovationPoints: [], applicationScenarios: [], ipRights: [] });
  });
});
