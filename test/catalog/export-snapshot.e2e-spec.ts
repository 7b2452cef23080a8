import request from 'supertest';
import { DemandsService, EXPORT_PAGE_SIZE, readSpreadsheet } from '@techbridge/catalog';
import type { Session } from '../support/accounts';
import { publishedItem, verifiedOrganization } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';

/**
 * An export reads the list a page at a time. Items published or edited while it runs must not
 * shift the rows of later pages (a row twice, another missing): the file is the list as it stood.
 */
describe('a catalogue export is the list as it stood when it began', () => {
  let app: TestApp;
  let enterprise: Session;
  let demands: DemandsService;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    enterprise = await verifiedOrganization(app, 'enterprise');
    demands = app.api.get(DemandsService);
    // More than a page of public demands, each published and edited a second before the next.
    const { id } = await publishedItem(app, enterprise, 'demands', { title: '导出分页样本需求' });
    await app.sql(
      `INSERT INTO tech_demands
       SELECT (jsonb_populate_record(NULL::tech_demands, to_jsonb(t) || jsonb_build_object(
         'id', gen_random_uuid(), 'external_ref', 'BULK-' || n, 'title', '导出分页样本需求 ' || n,
         'published_at', t.published_at - make_interval(secs => n), 'updated_at', t.updated_at - make_interval(secs => n)))).*
       FROM tech_demands t, generate_series(1, $2::int) n WHERE t.id = $1`,
      [id, EXPORT_PAGE_SIZE + 5],
    );
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => app.close());

  /** The 编号 (ids) of an anonymous CSV export, in order; `meanwhile` runs once the first page is read. */
  async function exportedIds(query: Record<string, string>, meanwhile?: () => Promise<unknown>): Promise<string[]> {
    const search = demands.search.bind(demands);
    let pages = 0;
    jest.spyOn(demands, 'search').mockImplementation(async (...args: Parameters<DemandsService['search']>) => {
      const page = await search(...args);
      if (++pages === 1) await meanwhile?.();
      return page;
    });
    const res = await request(app.http).get('/api/v1/demands/export').query({ format: 'csv', ...query }).expect(200);
    expect(pages).toBeGreaterThan(1);
    jest.restoreAllMocks();
    const sheet = await readSpreadsheet('csv', Buffer.from(res.text, 'utf8'));
    const column = sheet.headers.indexOf('编号');
    return sheet.rows.map((r) => r.cells[column]);
  }

  it('a demand published between two pages neither repeats the row at the page boundary nor appears', async () => {
    const before = await exportedIds({});
    expect(before).toHaveLength(EXPORT_PAGE_SIZE + 6);
    let published = '';
    const during = await exportedIds({}, async () => (published = (await publishedItem(app, enterprise, 'demands', { title: '导出期间发布的需求' })).id));
    expect(during).toEqual(before);
    expect(new Set(during).size).toBe(during.length);
    // It is there for the next export, first (the newest).
    expect((await exportedIds({}))[0]).toBe(published);
  });

  it('a demand edited between two pages (sorted by last change) is neither dropped nor lets another row repeat', async () => {
    const before = await exportedIds({ sort: 'updated' });
    // One on the second page: edited, it sorts first, on the page already read.
    const edited = before[before.length - 1];
    const [{ version }] = await app.sql<{ version: number }>('SELECT version FROM tech_demands WHERE id = $1', [edited]);
    const edit = () => request(app.http).patch(`/api/v1/demands/${edited}`).set(enterprise.auth).send({ version, title: '导出期间修改的需求' }).expect(200);
    const during = await exportedIds({ sort: 'updated' }, edit);
    expect(during).toEqual(before);
    expect((await exportedIds({ sort: 'updated' }))[0]).toBe(edited);
  });
});
