import request from 'supertest';
import { addDays, todayInChina } from '@techbridge/catalog';
import { registerOrganization, type Session } from '../support/accounts';
import { achievementBody, demandBody, publishedItem, verifyOrganization } from '../support/catalog';
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

  it.each(['title', 'description', 'budget', 'cooperationModes', 'keywords', 'chainCodes', 'indicators', 'localPreference', 'desiredStage', 'validUntil', 'visibility', 'regionCode'])(
    'a demand update refuses null for %s, naming it, and changes nothing',
    async (field) => {
      const demand = await create(enterprise, 'demands', demandBody());
      const res = await patch(enterprise, 'demands', demand.id, { version: 1, [field]: null }).expect(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field, code: 'isNotNull' })]);
      expect((await request(app.http).get(`/api/v1/demands/${demand.id}`).set(enterprise.auth).expect(200)).body).toEqual(demand);
    },
  );

  it.each(['title', 'summary', 'trl', 'stage', 'price', 'teamLead', 'keywords', 'innovationPoints', 'applicationScenarios', 'ipRights'])(
    'an achievement update refuses null for %s, naming it',
    async (field) => {
      const achievement = await create(university, 'achievements', achievementBody());
      const res = await patch(university, 'achievements', achievement.id, { version: 1, [field]: null }).expect(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field, code: 'isNotNull' })]);
    },
  );

  it('null clears what may be cleared: the neutral title (back to the default), the existing basis, the challenge', async () => {
    const demand = await create(enterprise, 'demands', demandBody({ neutralTitle: '装备技术改进需求', existingBasis: '已有试验台', challenge: { rewardWan: 100, deadline: '2099-01-01', evaluationPlan: '初评—现场考察—综合论证' }, validUntil: '2099-06-30' }));
    const res = await patch(enterprise, 'demands', demand.id, { version: 1, neutralTitle: null, existingBasis: null, challenge: null }).expect(200);
    expect(res.body).toMatchObject({ neutralTitle: '装备制造领域技术需求', existingBasis: null, challenge: null });
  });

  it('a NUL character anywhere in a demand is a 400 naming the field path, on create and on update', async () => {
    const created = await request(app.http).post('/api/v1/demands').set(enterprise.auth).send(demandBody({ indicators: ['好', '坏\u0000'] })).expect(400);
    expect(created.body.fields).toEqual([expect.objectContaining({ field: 'indicators.1', code: 'nulCharacter' })]);
    const demand = await create(enterprise, 'demands', demandBody());
    const updated = await patch(enterprise, 'demands', demand.id, { version: 1, description: '问题\u0000描述，需要早期预警技术。' }).expect(400);
    expect(updated.body.fields).toEqual([expect.objectContaining({ field: 'description', code: 'nulCharacter' })]);
    const search = await request(app.http).get('/api/v1/demands').query({ q: '轴承\u0000' }).set(enterprise.auth).expect(400);
    expect(search.body.fields[0]).toMatchObject({ field: 'q', code: 'nulCharacter' });
  });

  it('万元 are kept to two decimals: a finer figure is a 400 naming it, and what is answered is what was stored', async () => {
    const fields = (res: request.Response) => res.body.fields.map((f: { field: string; code: string }) => `${f.field}:${f.code}`);
    const challenge = { rewardWan: 0.001, deadline: addDays(todayInChina(), 30), evaluationPlan: '初评—现场考察—综合论证' };
    const refused = await request(app.http).post('/api/v1/demands').set(enterprise.auth).send(demandBody({ challenge, budget: { minWan: 0.5, maxWan: 1.255 } })).expect(400);
    expect(fields(refused)).toEqual(['budget.maxWan:decimals', 'challenge.rewardWan:decimals']);
    expect(fields(await request(app.http).post('/api/v1/achievements').set(university.auth).send(achievementBody({ price: { minWan: 0.125 } })).expect(400))).toEqual(['price.minWan:decimals']);

    const demand = await create(enterprise, 'demands', demandBody({ challenge: { ...challenge, rewardWan: 0.01 }, budget: { minWan: 0.5, maxWan: 1.25 } }));
    const read = async () => (await request(app.http).get(`/api/v1/demands/${demand.id}`).set(enterprise.auth).expect(200)).body;
    expect(demand).toEqual(await read());
    expect(fields(await patch(enterprise, 'demands', demand.id, { version: demand.version, challenge: { ...challenge, rewardWan: 2.345 } }).expect(400))).toEqual(['challenge.rewardWan:decimals']);
    const edited = await patch(enterprise, 'demands', demand.id, { version: demand.version, title: '小额揭榜需求（修订）' }).expect(200);
    expect(edited.body).toMatchObject({ challenge: { rewardWan: 0.01 }, budget: { minWan: 0.5, maxWan: 1.25 } });
    expect(edited.body).toEqual(await read());
  });

  it('a page beyond any list is a 400 naming page, not a database error', async () => {
    const demand = await create(enterprise, 'demands', demandBody());
    for (const url of [`/api/v1/demands/${demand.id}/matches`, '/api/v1/demands']) {
      const res = await request(app.http).get(url).query({ page: '1e20' }).set(enterprise.auth).expect(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'page', code: 'max' })]);
    }
    expect((await request(app.http).get('/api/v1/demands').query({ page: 10_000 }).set(enterprise.auth).expect(200)).body.items).toEqual([]);
  });

  it('an externalRef already used by another item is a 409 external_ref_taken naming the field, on create and on update alike', async () => {
    const first = await create(enterprise, 'demands', demandBody({ externalRef: 'REF-TAKEN' }));
    const second = await create(enterprise, 'demands', demandBody({ externalRef: 'REF-FREE' }));
    const created = await request(app.http).post('/api/v1/demands').set(enterprise.auth).send(demandBody({ externalRef: 'REF-TAKEN' })).expect(409);
    const updated = await patch(enterprise, 'demands', second.id, { version: 1, externalRef: 'REF-TAKEN', title: '改名并改编号' }).expect(409);
    for (const res of [created, updated]) {
      expect(res.body).toMatchObject({ code: 'external_ref_taken', fields: [expect.objectContaining({ field: 'externalRef' })] });
    }
    expect((await request(app.http).get(`/api/v1/demands/${second.id}`).set(enterprise.auth).expect(200)).body).toEqual(second);
    expect(first.externalRef).toBe('REF-TAKEN');
  });

  it('a blank externalRef is none: stored as null however often it is given, trimmed otherwise, and a blank or null on update clears it', async () => {
    const blanks = [await create(enterprise, 'demands', demandBody({ externalRef: '' })), await create(enterprise, 'demands', demandBody({ externalRef: '  ' }))];
    expect(blanks.map((d) => d.externalRef)).toEqual([null, null]);
    const trimmed = await create(enterprise, 'demands', demandBody({ externalRef: '  REF-TRIM  ' }));
    expect(trimmed.externalRef).toBe('REF-TRIM');
    // Trimmed before it is a key: the same reference with other spaces is taken.
    expect((await request(app.http).post('/api/v1/demands').set(enterprise.auth).send(demandBody({ externalRef: 'REF-TRIM ' })).expect(409)).body.code).toBe('external_ref_taken');

    const cleared = await patch(enterprise, 'demands', trimmed.id, { version: 1, externalRef: '' }).expect(200);
    expect(cleared.body.externalRef).toBeNull();
    const achievement = await create(university, 'achievements', achievementBody({ externalRef: 'REF-ACH' }));
    expect((await patch(university, 'achievements', achievement.id, { version: 1, externalRef: null }).expect(200)).body.externalRef).toBeNull();
    expect((await patch(university, 'achievements', achievement.id, { version: 2, title: '声发射轴承监测（无编号）' }).expect(200)).body.externalRef).toBeNull();
    // Cleared references are free again; a blank update of another item clashes with nothing.
    await create(enterprise, 'demands', demandBody({ externalRef: 'REF-TRIM' }));
    expect((await patch(enterprise, 'demands', blanks[0].id, { version: 1, externalRef: ' ' }).expect(200)).body.externalRef).toBeNull();
  });

  it('a 揭榜挂帅 demand whose application deadline has passed can still be edited; a new deadline must be ahead', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    await verifyOrganization(app, owner.organizationId!);
    const challenge = { rewardWan: 100, deadline: addDays(todayInChina(), 30), evaluationPlan: '初评—现场考察—综合论证' };
    const demand = await publishedItem(app, owner, 'demands', { challenge, validUntil: addDays(todayInChina(), 90) });
    const passed = addDays(todayInChina(), -1);
    await app.sql(`UPDATE tech_demands SET challenge_deadline = $2 WHERE id = $1`, [demand.id, passed]);

    const extended = await patch(owner, 'demands', demand.id, { version: demand.version, validUntil: addDays(todayInChina(), 180) }).expect(200);
    expect(extended.body).toMatchObject({ validUntil: addDays(todayInChina(), 180), challenge: { deadline: passed } });
    const retitled = await patch(owner, 'demands', demand.id, { version: extended.body.version, title: '风电机组主轴轴承早期损伤预警（修订）', challenge: { ...challenge, deadline: passed, rewardWan: 120 } }).expect(200);
    expect(retitled.body).toMatchObject({ title: '风电机组主轴轴承早期损伤预警（修订）', challenge: { deadline: passed, rewardWan: 120 } });
    // Setting a deadline is another matter: a new one must be ahead.
    const earlier = await patch(owner, 'demands', demand.id, { version: retitled.body.version, challenge: { ...challenge, deadline: addDays(todayInChina(), -2) } }).expect(400);
    expect(earlier.body.fields).toEqual([expect.objectContaining({ field: 'challenge.deadline', code: 'inFuture' })]);
    const reopened = await patch(owner, 'demands', demand.id, { version: retitled.body.version, challenge: { ...challenge, deadline: addDays(todayInChina(), 60) } }).expect(200);
    expect(reopened.body.challenge).toMatchObject({ deadline: addDays(todayInChina(), 60) });
  });

  it('a 揭榜挂帅 demand is published open for applications: not once its deadline has passed', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    await verifyOrganization(app, owner.organizationId!);
    const challenge = { rewardWan: 100, deadline: addDays(todayInChina(), 30), evaluationPlan: '初评—现场考察—综合论证' };
    const draft = await create(owner, 'demands', demandBody({ challenge }));
    await app.sql(`UPDATE tech_demands SET challenge_deadline = $2 WHERE id = $1`, [draft.id, addDays(todayInChina(), -1)]);

    const refused = await request(app.http).post(`/api/v1/demands/${draft.id}/actions/publish`).set(owner.auth).send({}).expect(409);
    expect(refused.body).toMatchObject({ code: 'invalid_transition', details: { from: 'draft', to: 'published', action: 'publish' } });
    expect(refused.body.message).toContain('deadline');
    expect(await app.sql(`SELECT status, published_at FROM tech_demands WHERE id = $1`, [draft.id])).toEqual([{ status: 'draft', published_at: null }]);

    const renewed = await patch(owner, 'demands', draft.id, { version: 1, challenge: { ...challenge, deadline: addDays(todayInChina(), 10) } }).expect(200);
    await request(app.http).post(`/api/v1/demands/${draft.id}/actions/publish`).set(owner.auth).send({ version: renewed.body.version }).expect(200);
  });

  it('a 揭榜挂帅 demand in negotiation is not resumed (listed open again) once its deadline has passed, as publishing refuses it', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    await verifyOrganization(app, owner.organizationId!);
    const challenge = { rewardWan: 100, deadline: addDays(todayInChina(), 30), evaluationPlan: '初评—现场考察—综合论证' };
    const open = await publishedItem(app, owner, 'demands', { challenge });
    const closing = await publishedItem(app, owner, 'demands', { challenge });
    for (const { id } of [open, closing]) await request(app.http).post(`/api/v1/demands/${id}/actions/start_negotiation`).set(owner.auth).send({}).expect(200);
    await app.sql(`UPDATE tech_demands SET challenge_deadline = $2 WHERE id = $1`, [closing.id, addDays(todayInChina(), -1)]);

    const refused = await request(app.http).post(`/api/v1/demands/${closing.id}/actions/resume`).set(owner.auth).send({}).expect(409);
    expect(refused.body).toMatchObject({ code: 'invalid_transition', details: { from: 'in_negotiation', to: 'published', action: 'resume' } });
    expect(refused.body.message).toContain('deadline');
    expect(await app.sql(`SELECT status FROM tech_demands WHERE id = $1`, [closing.id])).toEqual([{ status: 'in_negotiation' }]);
    // Its deadline still ahead, a challenge is resumed as before.
    expect((await request(app.http).post(`/api/v1/demands/${open.id}/actions/resume`).set(owner.auth).send({}).expect(200)).body.status).toBe('published');
  });

  it('a demand past its 有效期 is not resumed, and lists show it expired before the hourly job records it', async () => {
    await verifyOrganization(app, enterprise.organizationId!);
    const demand = await publishedItem(app, enterprise, 'demands', { title: '有效期已过的洽谈需求' });
    await request(app.http).post(`/api/v1/demands/${demand.id}/actions/start_negotiation`).set(enterprise.auth).send({}).expect(200);
    const lapsed = await publishedItem(app, enterprise, 'demands', { title: '有效期已过的发布需求' });
    await app.sql(`UPDATE tech_demands SET valid_until = current_date - 2 WHERE id = ANY($1)`, [[demand.id, lapsed.id]]);

    const resumed = await request(app.http).post(`/api/v1/demands/${demand.id}/actions/resume`).set(enterprise.auth).send({}).expect(409);
    expect(resumed.body.message).toContain('validUntil');
    expect(await app.sql(`SELECT status FROM tech_demands WHERE id = $1`, [demand.id])).toEqual([{ status: 'in_negotiation' }]);

    const other = await registerOrganization(app, 'university');
    const statusOf = async (query: Record<string, string>) =>
      Object.fromEntries((await request(app.http).get('/api/v1/demands').query(query).set(other.auth).expect(200)).body.items.map((i: { id: string; status: string }) => [i.id, i.status]));
    expect(await statusOf({})).toMatchObject({ [demand.id]: 'expired', [lapsed.id]: 'expired' });
    expect(await statusOf({ status: 'published,in_negotiation' })).not.toHaveProperty(lapsed.id);
    expect(await statusOf({ status: 'expired' })).toMatchObject({ [demand.id]: 'expired', [lapsed.id]: 'expired' });
    expect((await request(app.http).get(`/api/v1/demands/${lapsed.id}`).set(other.auth).expect(200)).body.status).toBe('expired');
  });
});

