import request from 'supertest';
import { registerOrganization, type Session } from '../support/accounts';
import { demandBody, publishedItem, verifyOrganization } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';

describe('searching the catalogue (Chinese text, filters, sort, pages)', () => {
  let app: TestApp;
  let university: Session;
  let other: Session;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    university = await registerOrganization(app, 'university');
    other = await registerOrganization(app, 'institute');
    await verifyOrganization(app, university.organizationId!);
    await verifyOrganization(app, other.organizationId!);
    const add = async (key: string, s: Session, body: Record<string, unknown>) => (ids[key] = (await publishedItem(app, s, 'achievements', body)).id);
    await add('turbineTitle', university, { title: '大功率燃气轮机叶片热障涂层', summary: '采用等离子喷涂制备双层陶瓷涂层，提高涡轮叶片耐高温能力。', regionCode: '210102', trl: 7, stage: 'industrial', price: { minWan: 200, maxWan: 400 } });
    await add('turbineBody', university, { title: '高温合金表面防护技术', summary: '面向燃气轮机叶片的抗氧化防护工艺，延长叶片寿命。', regionCode: '210211', trl: 5, stage: 'pilot', price: { minWan: 20, maxWan: 40 } });
    await add('bearing', other, { title: '轴承故障振动诊断系统', summary: '基于包络谱的滚动轴承早期故障识别。', fieldCode: 'equipment', chainCodes: ['bearings_and_parts'], regionCode: '330106', trl: 8, stage: 'commercial', cooperationModes: ['transfer'], price: { negotiable: true } });
    await add('drug', other, { title: '缓释微球制剂工艺', summary: '可降解高分子微球包埋多肽药物，实现一个月缓释。', fieldCode: 'biomedicine', chainCodes: ['innovative_drugs'], keywords: ['微球', '缓释'], regionCode: '210106', trl: 4, stage: 'pilot_small' });
  });
  afterAll(() => app.close());

  const search = (query: Record<string, unknown>) => request(app.http).get('/api/v1/achievements').query(query).set(other.auth).expect(200);
  const found = async (query: Record<string, unknown>) => (await search(query)).body.items.map((i: { id: string }) => i.id);

  it('finds Chinese words inside longer text, ranking a title match above a body match', async () => {
    expect(await found({ q: '燃气轮机叶片' })).toEqual([ids.turbineTitle, ids.turbineBody]);
    expect(await found({ q: '燃气轮机 涂层' })).toEqual([ids.turbineTitle]);
    expect(await found({ q: '缓释' })).toEqual([ids.drug]);
  });

  it('finds mixed Latin and Chinese, and a query of only stop words finds nothing', async () => {
    expect(await found({ q: '的 了' })).toEqual([]);
    expect(await found({ q: '轴承 故障' })).toEqual([ids.bearing]);
  });

  it('filters by field, chain, region prefix, stage and TRL range, cooperation mode and price', async () => {
    expect(await found({ fieldCode: 'biomedicine' })).toEqual([ids.drug]);
    expect(await found({ chainCode: 'bearings_and_parts' })).toContain(ids.bearing);
    expect((await found({ regionPrefix: '21' })).sort()).toEqual([ids.turbineTitle, ids.turbineBody, ids.drug].sort());
    expect(await found({ regionPrefix: '2102' })).toEqual([ids.turbineBody]);
    expect(await found({ regionPrefix: '33' })).toEqual([ids.bearing]);
    expect((await found({ trlMin: 7 })).sort()).toEqual([ids.turbineTitle, ids.bearing].sort());
    expect(await found({ stage: 'pilot_small' })).toEqual([ids.drug]);
    expect(await found({ cooperationMode: 'transfer' })).toEqual([ids.bearing]);
    // 面议 always overlaps a price range.
    expect((await found({ priceMin: 100, priceMax: 300 })).sort()).toEqual([ids.turbineTitle, ids.bearing].sort());
    expect((await found({ organizationId: other.organizationId })).sort()).toEqual([ids.bearing, ids.drug].sort());
    expect(await found({ q: '叶片', regionPrefix: '2101' })).toEqual([ids.turbineTitle]);
  });

  it('pages results and caps the page size at 100', async () => {
    const first = await search({ pageSize: 2, page: 1, sort: 'newest' });
    const second = await search({ pageSize: 2, page: 2, sort: 'newest' });
    expect(first.body).toMatchObject({ total: 4, page: 1, pageSize: 2 });
    expect([...first.body.items, ...second.body.items].map((i: { id: string }) => i.id).sort()).toEqual(Object.values(ids).sort());
    const tooBig = await request(app.http).get('/api/v1/achievements').query({ pageSize: 101 }).expect(400);
    expect(tooBig.body.fields[0]).toMatchObject({ field: 'pageSize', code: 'max' });
    expect((await request(app.http).get('/api/v1/achievements').query({ regionPrefix: '2' }).expect(400)).body.fields[0].field).toBe('regionPrefix');
    expect((await request(app.http).get('/api/v1/achievements').query({ trlMin: 'high' }).expect(400)).body.fields[0].field).toBe('trlMin');
  });

  it('a page past the last is empty but still counts every match, filtered or searched', async () => {
    expect((await search({ pageSize: 2, page: 3 })).body).toMatchObject({ items: [], total: 4, page: 3 });
    expect((await search({ fieldCode: 'biomedicine', page: 2 })).body).toMatchObject({ items: [], total: 1 });
    expect((await search({ q: '燃气轮机叶片', pageSize: 2, page: 2 })).body).toMatchObject({ items: [], total: 2 });
    expect((await search({ q: '燃气轮机叶片', pageSize: 1, page: 2 })).body.items.map((i: { id: string }) => i.id)).toEqual([ids.turbineBody]);
    expect((await search({ fieldCode: 'textiles', page: 2 })).body).toMatchObject({ items: [], total: 0 });
  });

  it('anonymous callers search public items', async () => {
    const res = await request(app.http).get('/api/v1/achievements').query({ q: '微球' }).expect(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([ids.drug]);
  });

  it('serves the taxonomy the codes come from', async () => {
    const res = await request(app.http).get('/api/v1/taxonomy').expect(200);
    expect(res.body.fields).toContainEqual({ code: 'equipment', label: '装备制造', active: true });
    expect(res.body.chains).toContainEqual({ code: 'hydrogen', label: '氢能', fieldCode: 'new_energy', active: true });
  });

  // Last: it adds an item the counts above do not expect.
  it('finds an item by a model number in its title, as it is written', async () => {
    const { id } = await publishedItem(app, other, 'achievements', { title: 'YG3000型风电主轴轴承与Ti6Al4V钛合金保持架', summary: '型号化产品，已在风场批量应用。' });
    for (const q of ['YG3000型风电主轴轴承与Ti6Al4V钛合金保持架', 'YG3000', 'Ti6Al4V 保持架']) expect(await found({ q })).toEqual([id]);
  });
});

describe('the sub-word fallback of a search depends only on text the caller may read', () => {
  let app: TestApp;
  let reader: Session;
  let rival: Session;
  let readerDemand: string;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    reader = await registerOrganization(app, 'enterprise');
    rival = await registerOrganization(app, 'enterprise');
    await verifyOrganization(app, rival.organizationId!);
    // 涡轮增压器 never occurs whole in the reader's text, only through its sub-words 涡轮 and 增压器.
    readerDemand = (await request(app.http).post('/api/v1/demands').set(reader.auth).send(demandBody({ title: '检修涡轮以及增压器' })).expect(201)).body.id;
  });
  afterAll(() => app.close());

  const found = async () => {
    const res = await request(app.http).get('/api/v1/demands').query({ q: '涡轮增压器' }).set(reader.auth).expect(200);
    return { total: res.body.total, ids: res.body.items.map((i: { id: string }) => i.id) };
  };
  const hidden = (overrides: Record<string, unknown>) =>
    demandBody({ title: '增压系统改进', neutralTitle: '动力系统技术需求', description: '现有涡轮增压器在高原工况下效率下降，需要新的匹配方案。', visibility: 'confidential', ...overrides });

  it('finds the caller’s own item through sub-words, whatever others keep hidden', async () => {
    expect(await found()).toEqual({ total: 1, ids: [readerDemand] });
    // Another organisation's confidential draft holds the whole word in its hidden description.
    const draft = (await request(app.http).post('/api/v1/demands').set(rival.auth).send(hidden({})).expect(201)).body.id;
    expect(await found()).toEqual({ total: 1, ids: [readerDemand] });
    // …and once published (the reader sees only its neutral face)…
    await request(app.http).post(`/api/v1/demands/${draft}/actions/publish`).set(rival.auth).send({}).expect(200);
    expect(await found()).toEqual({ total: 1, ids: [readerDemand] });
    // …and an archived item of its own.
    const archived = (await request(app.http).post('/api/v1/demands').set(rival.auth).send(hidden({ visibility: 'public' })).expect(201)).body.id;
    await request(app.http).delete(`/api/v1/demands/${archived}`).set(rival.auth).expect(204);
    expect(await found()).toEqual({ total: 1, ids: [readerDemand] });
  });

});
