import ExcelJS from 'exceljs';
import request from 'supertest';
import { registerOrganization, type Session } from '../support/accounts';
import { ACHIEVEMENT_SHEET_HEADERS, achievementSheetRow, sheetCsv, verifyOrganization } from '../support/catalog';
import { chinaDay } from '../support/days';
import { binaryBody, eventually, startTestApp, type TestApp } from '../support/harness';
import { whileCommitting } from '../support/races';

const HEADERS = ACHIEVEMENT_SHEET_HEADERS;
const row = achievementSheetRow;
const csv = sheetCsv;
/** Rows under any headings as CSV, every cell quoted. */
const table = (headers: string[], rows: string[][]) => [headers, ...rows].map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n');
/** The cells of `values` (by heading) under `headers`. */
const cellsOf = (headers: string[], values: Record<string, string>) => headers.map((h) => values[h] ?? '');

describe('spreadsheet import (CSV and XLSX), processed by the worker', () => {
  let app: TestApp;
  let university: Session;
  beforeAll(async () => {
    app = await startTestApp();
    university = await registerOrganization(app, 'university');
    await verifyOrganization(app, university.organizationId!);
  });
  afterAll(() => app.close());

  const upload = (content: string | Buffer, name: string, query: Record<string, string> = {}) =>
    request(app.http).post('/api/v1/achievements/import').query(query).set(university.auth).attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name);
  const finished = (id: string) =>
    eventually(async () => {
      const res = await request(app.http).get(`/api/v1/imports/${id}`).set(university.auth).expect(200);
      return ['completed', 'rejected', 'failed'].includes(res.body.status) ? res.body : undefined;
    });
  const count = async () => Number((await app.sql<{ n: string }>('SELECT count(*) AS n FROM achievements'))[0].n);

  it('imports good rows, which become searchable; re-importing updates instead of duplicating', async () => {
    const accepted = await upload(csv([row('TI-001', '钛合金电子束冷床熔炼技术'), row('TI-002', '钛材低成本轧制工艺')]), 'achievements.csv', { publish: 'true' }).expect(201);
    expect(accepted.body).toMatchObject({ status: 'queued', kind: 'achievement', fileName: 'achievements.csv', dryRun: false });
    const done = await finished(accepted.body.id);
    expect(done).toMatchObject({ status: 'completed', totalRows: 2, processedRows: 2, createdCount: 2, updatedCount: 0, errorCount: 0, problems: [] });
    const search = await request(app.http).get('/api/v1/achievements').query({ q: '冷床熔炼' }).expect(200);
    expect(search.body.items).toEqual([expect.objectContaining({ title: '钛合金电子束冷床熔炼技术', status: 'published', trl: 6, price: { minWan: 50, maxWan: 80, negotiable: false } })]);
    expect(search.body.items[0].ipRights).toEqual([
      { kind: 'invention_patent', number: 'ZL202110123456.7', status: 'granted', title: null },
      { kind: 'know_how', number: null, status: 'applied', title: null },
    ]);

    const again = await upload(csv([row('TI-001', '钛合金电子束冷床熔炼技术（第二版）'), row('TI-002', '钛材低成本轧制工艺')]), 'achievements.csv').expect(201);
    expect(await finished(again.body.id)).toMatchObject({ status: 'completed', createdCount: 0, updatedCount: 2 });
    expect(await count()).toBe(2);
    expect((await request(app.http).get('/api/v1/achievements').query({ q: '第二版' }).expect(200)).body.items).toHaveLength(1);
  });

  it('reports every bad row with row number, column and reason, and writes nothing of the file', async () => {
    const before = await count();
    const bad = csv([
      row('BAD-1', '好的一行'),
      row('BAD-2', 'TRL 与阶段不符', { '技术成熟度(TRL)': '9', 成熟度阶段: '实验室' }),
      row('BAD-3', '未知领域', { 技术领域: '占星术' }),
      row('BAD-4', '专利号校验位错误', { 知识产权: '发明专利:ZL202110123456.8:已授权' }),
      row('BAD-1', '重复的编号'),
      row('BAD-6', '价格写错', { '价格(万元)': '五十万' }),
    ]);
    // A Chinese file name, as browsers send it (UTF-8), is kept as it was written.
    const res = await upload(bad, '成果清单（有误）.csv').expect(201);
    expect(res.body.fileName).toBe('成果清单（有误）.csv');
    const done = await finished(res.body.id);
    expect(done.status).toBe('rejected');
    expect(done.errorCount).toBe(5);
    const problems = done.problems.map((p: { row: number; column: string }) => `${p.row}:${p.column}`);
    expect(problems).toEqual(['3:技术成熟度(TRL)', '4:技术领域', '5:知识产权', '6:外部编号', '7:价格(万元)']);
    expect(done.problems[0].reason).toContain('does not fit stage 实验室');
    expect(await count()).toBe(before);
  });

  it('a row whose 外部编号 matches an archived item is a problem; the archived item is left as it was', async () => {
    const first = await upload(csv([row('ARC-1', '已归档的成果')]), 'archived.csv').expect(201);
    expect(await finished(first.body.id)).toMatchObject({ status: 'completed', createdCount: 1 });
    const [{ id }] = await app.sql<{ id: string }>(`SELECT id FROM achievements WHERE external_ref = 'ARC-1'`);
    await request(app.http).delete(`/api/v1/achievements/${id}`).set(university.auth).expect(204);
    const again = await upload(csv([row('ARC-1', '归档后又改了名字')]), 'archived.csv').expect(201);
    const done = await finished(again.body.id);
    expect(done).toMatchObject({ status: 'rejected', errorCount: 1, problems: [expect.objectContaining({ row: 2, column: '外部编号', reason: expect.stringContaining('archived') })] });
    expect(await app.sql(`SELECT title FROM achievements WHERE id = $1`, [id])).toEqual([{ title: '已归档的成果' }]);
  });

  it('an item archived while its import is being validated is a problem too: nothing of the file is written', async () => {
    const first = await upload(csv([row('RACE-1', '导入中途被归档的成果')]), 'race.csv').expect(201);
    expect(await finished(first.body.id)).toMatchObject({ status: 'completed', createdCount: 1 });
    const [{ id }] = await app.sql<{ id: string }>(`SELECT id FROM achievements WHERE external_ref = 'RACE-1'`);
    const before = await count();
    let importId = '';
    // The archive as it commits, while the import (checked against the item as it was) waits to write it.
    await whileCommitting(
      app,
      (db) => db.query('UPDATE achievements SET archived_at = now() WHERE id = $1', [id]),
      () => upload(csv([row('RACE-1', '归档后又改了名字'), row('RACE-2', '同一文件中的新成果')]), 'race.csv').expect(201).then((res) => ((importId = res.body.id), res)),
    );
    const done = await finished(importId);
    expect(done).toMatchObject({ status: 'rejected', problems: [expect.objectContaining({ row: 2, column: '外部编号', reason: expect.stringContaining('archived') })] });
    expect(await app.sql(`SELECT title FROM achievements WHERE id = $1`, [id])).toEqual([{ title: '导入中途被归档的成果' }]);
    expect(await count()).toBe(before);
  });

  it('publish=true from an organisation unverified while the file waited: rejected whole, nothing published', async () => {
    const before = await count();
    let importId = '';
    // The verification withdrawn as it commits, while the import (accepted when verified) is about to write.
    await whileCommitting(
      app,
      (db) => db.query('UPDATE organizations SET verified = false WHERE id = $1', [university.organizationId]),
      () => upload(csv([row('UNV-1', '认证撤销前上传的成果')]), 'unverified.csv', { publish: 'true' }).expect(201).then((res) => ((importId = res.body.id), res)),
    );
    try {
      expect(await finished(importId)).toMatchObject({ status: 'rejected', errorCount: 1, createdCount: 0, problems: [{ row: 1, column: 'publish', reason: expect.stringContaining('no longer verified') }] });
      expect(await count()).toBe(before);
    } finally {
      await verifyOrganization(app, university.organizationId!);
    }
  });

  it('applies the API’s limits: over-long texts and lists, and NUL characters, are reported by row, in a dry run too', async () => {
    const before = await count();
    const bad = csv([
      row('LIM-1', '题'.repeat(121)),
      row('L'.repeat(65), '外部编号过长'),
      row('LIM-3', '含空字符\u0000的名称', { 成果简介: '经过中试验证的成套技术，可直接用于生产线改造。' }),
      row('LIM-4', '关键词过长', { 关键词: '词'.repeat(31) }),
      row('LIM-5', '关键词过多', { 关键词: Array.from({ length: 11 }, (_, i) => `关键词${i}`).join('、') }),
      row('LIM-6', '好的一行'),
      // A NUL in a cell whose value the reason quotes: the report shows it escaped (it is stored as jsonb, which refuses NUL).
      row('LIM-7', '地区含空字符', { 所在地区: '210211\u0000' }),
    ]);
    for (const query of [{ dryRun: 'true' }, { dryRun: 'false' }]) {
      const done = await finished((await upload(bad, 'limits.csv', query).expect(201)).body.id);
      expect(done).toMatchObject({ status: 'rejected', errorCount: 6 });
      expect(done.problems.map((p: { row: number; column: string }) => `${p.row}:${p.column}`)).toEqual(['2:成果名称', '3:外部编号', '4:成果名称', '5:关键词', '6:关键词', '8:所在地区']);
      expect(done.problems.map((p: { reason: string }) => p.reason)).toEqual([
        expect.stringContaining('at most 120 characters'), expect.stringContaining('at most 64 characters'), expect.stringContaining('U+0000'),
        expect.stringContaining('at most 30 characters'), expect.stringContaining('at most 10 entries'), expect.stringContaining('210211\\0'),
      ]);
    }
    expect(await count()).toBe(before);
  });

  it('numbers rows as the spreadsheet does, counting blank lines and keeping a multi-line cell on one row', async () => {
    const line = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
    // Spreadsheet rows: 1 header, 2 good, 3 blank, 4 good with a two-line summary, 5 blank, 6 bad.
    const content = [line(HEADERS), line(row('ROW-2', '第二行')), '', line(row('ROW-4', '第四行', { 成果简介: '第一段：经过中试验证的成套技术。\n第二段：可直接用于生产线改造。' })), '', line(row('ROW-6', '第六行', { 技术领域: '占星术' }))].join('\n');
    const csvDone = await finished((await upload(content, 'rows.csv', { dryRun: 'true' }).expect(201)).body.id);
    expect(csvDone.problems).toEqual([expect.objectContaining({ row: 6, column: '技术领域' })]);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('成果');
    sheet.getRow(1).values = HEADERS;
    sheet.getRow(2).values = row('XROW-2', '第二行');
    sheet.getRow(4).values = row('XROW-4', '第四行', { 技术领域: '占星术' });
    const xlsxDone = await finished((await upload(Buffer.from(await workbook.xlsx.writeBuffer()), 'rows.xlsx', { dryRun: 'true' }).expect(201)).body.id);
    expect(xlsxDone.problems).toEqual([expect.objectContaining({ row: 4, column: '技术领域' })]);
  });

  it('reports missing and unknown columns as problems of row 1', async () => {
    const res = await upload('外部编号,成果名称,颜色\nX-1,某成果,红', 'columns.csv').expect(201);
    const done = await finished(res.body.id);
    expect(done.status).toBe('rejected');
    const columns = done.problems.map((p: { row: number; column: string }) => `${p.row}:${p.column}`);
    expect(columns).toEqual(expect.arrayContaining(['1:颜色', '1:成果简介', '1:技术领域', '1:团队负责人']));
  });

  it('a dry run validates and counts without writing', async () => {
    const before = await count();
    const res = await upload(csv([row('DRY-1', '只做校验的成果'), row('TI-001', '钛合金电子束冷床熔炼技术（第三版）')]), 'dry.csv', { dryRun: 'true' }).expect(201);
    expect(await finished(res.body.id)).toMatchObject({ status: 'completed', dryRun: true, createdCount: 1, updatedCount: 1 });
    expect(await count()).toBe(before);
  });

  it('reads XLSX files too', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('成果');
    sheet.addRow(HEADERS);
    sheet.addRow(row('XL-1', '镁合金微弧氧化表面处理', { 技术领域: 'materials', 产业链: '菱镁新材料', 所在地区: '210802' }));
    const res = await upload(Buffer.from(await workbook.xlsx.writeBuffer()), 'list.xlsx').expect(201);
    expect(await finished(res.body.id)).toMatchObject({ status: 'completed', createdCount: 1 });
    const mine = await request(app.http).get('/api/v1/achievements').query({ q: '微弧氧化', status: 'draft' }).set(university.auth).expect(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ status: 'draft', chainCodes: ['magnesite'], regionCode: '210802' })]);
  });

  it('exports XLSX that imports back unchanged (round trip)', async () => {
    const exported = await request(app.http).get('/api/v1/achievements/export').query({ format: 'xlsx', q: '冷床熔炼' }).set(university.auth).buffer(true).parse(binaryBody).expect(200);
    const res = await upload(exported.body as Buffer, 'roundtrip.xlsx').expect(201);
    // Export-only columns (状态, 编号, 地区名称) are ignored; 外部编号 matches, so the item is updated in place.
    expect(await finished(res.body.id)).toMatchObject({ status: 'completed', createdCount: 0, updatedCount: 1, errorCount: 0 });
    expect((await request(app.http).get('/api/v1/achievements').query({ q: '冷床熔炼' }).expect(200)).body.items).toEqual([
      expect.objectContaining({ title: '钛合金电子束冷床熔炼技术（第二版）', trl: 6, keywords: ['钛合金', '熔炼'], chainCodes: ['titanium'] }),
    ]);
  });

  it('refuses files that are not spreadsheets, unreadable files and missing files', async () => {
    expect((await upload('hello', 'notes.txt').expect(400)).body.fields[0]).toMatchObject({ field: 'file', code: 'format' });
    expect((await request(app.http).post('/api/v1/achievements/import').set(university.auth).expect(400)).body.fields[0]).toMatchObject({ field: 'file', code: 'required' });
    const broken = await upload(Buffer.from('PK not really a zip'), 'broken.xlsx').expect(201);
    expect(await finished(broken.body.id)).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('not a readable XLSX') });
  });

  it('an upload over the size limit is a 413 naming the file', async () => {
    const res = await upload(Buffer.alloc(65 * 1024 * 1024, 'a'), 'huge.csv').expect(413);
    expect(res.body).toMatchObject({ code: 'payload_too_large', fields: [{ field: 'file', code: 'maxSize' }] });
  });

  /** A hand-written multipart body, for what a client library would never send. */
  const multipart = (parts: string) =>
    request(app.http).post('/api/v1/achievements/import').set(university.auth).set('Content-Type', 'multipart/form-data; boundary=b0undary').send(parts);
  const part = (disposition: string, content = csv([row('MP-1', '不应导入')])) => `--b0undary\r\nContent-Disposition: form-data; ${disposition}\r\nContent-Type: text/csv\r\n\r\n${content}\r\n`;
  it.each([
    ['a NUL character in the file name', () => multipart(`${part('name="file"; filename="a\u0000b.csv"')}--b0undary--\r\n`), { field: 'file', code: 'malformed' }],
    ['a body cut off before its end', () => multipart(part('name="file"; filename="a.csv"')), { field: 'file', code: 'malformed' }],
    ['the file under another field name', () => request(app.http).post('/api/v1/achievements/import').set(university.auth).attach('upload', Buffer.from(csv([row('MP-1', '不应导入')])), 'a.csv'), { field: 'upload', code: 'unexpected' }],
    ['two files', () => upload(csv([row('MP-1', '不应导入')]), 'a.csv').attach('file', Buffer.from('x'), 'b.csv'), { field: 'file', code: 'maxCount' }],
  ])('%s is a 400 naming the field, and nothing is imported', async (_what, send, problem) => {
    const imports = async () => Number((await app.sql<{ n: string }>('SELECT count(*) AS n FROM catalog_imports'))[0]!.n);
    const before = await imports();
    const res = await send().expect(400);
    expect(res.body).toMatchObject({ code: 'validation_failed', fields: [problem] });
    expect(await imports()).toBe(before);
  });

  it('keeps an import’s file name without the NUL character busboy decodes from filename*=utf-8\'\'a%00b.csv: no 500', async () => {
    const res = await request(app.http)
      .post('/api/v1/achievements/import')
      .query({ dryRun: 'true' })
      .set(university.auth)
      .set('Content-Type', 'multipart/form-data; boundary=b0undary')
      .send(`${part("name=\"file\"; filename*=utf-8''a%00b.csv")}--b0undary--\r\n`)
      .expect(201);
    expect(res.body).toMatchObject({ fileName: 'ab.csv', dryRun: true });
    expect(await finished(res.body.id)).toMatchObject({ status: 'completed', fileName: 'ab.csv', createdCount: 1 });
  });

  it.each([
    ['publish', '1'],
    ['publish', 'yes'],
    ['dryRun', 'yes'],
    ['dryRun', '1'],
    ['dryRun', ''],
  ])('?%s=%s is a 400 naming the parameter, and nothing is imported', async (name, value) => {
    const imports = async () => Number((await app.sql<{ n: string }>('SELECT count(*) AS n FROM catalog_imports'))[0]!.n);
    const before = await imports();
    for (const kind of ['achievements', 'demands']) {
      const res = await request(app.http).post(`/api/v1/${kind}/import`).query({ [name]: value }).set(university.auth).attach('file', Buffer.from(csv([row('Q-1', '不应导入')])), 'a.csv').expect(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', fields: [{ field: name, code: 'isBoolean', message: `${name} must be true or false` }] });
    }
    expect(await imports()).toBe(before);
  });

  it('reads ?dryRun=false and ?publish=false as false, as before', async () => {
    const res = await upload(csv([row('FALSE-1', '不发布的成果')]), 'false.csv', { dryRun: 'false', publish: 'false' }).expect(201);
    expect(res.body).toMatchObject({ dryRun: false });
    expect(await finished(res.body.id)).toMatchObject({ status: 'completed', createdCount: 1 });
    expect(await app.sql(`SELECT status FROM achievements WHERE external_ref = 'FALSE-1'`)).toEqual([{ status: 'draft' }]);
  });

  it('others cannot read an organisation’s import', async () => {
    const outsider = await registerOrganization(app, 'university');
    const res = await upload(csv([row('P-1', '私有导入')]), 'private.csv', { dryRun: 'true' }).expect(201);
    await request(app.http).get(`/api/v1/imports/${res.body.id}`).set(outsider.auth).expect(404);
  });

  describe('re-importing with fewer columns', () => {
    const REQUIRED = ['外部编号', '成果名称', '成果简介', '技术领域', '技术成熟度(TRL)', '成熟度阶段', '合作方式', '团队负责人', '所在地区', '公开范围'];
    const FULL = [...HEADERS, '脱敏标题', '创新点', '应用场景'];
    const values = (ref: string, title: string): Record<string, string> => ({
      ...Object.fromEntries(HEADERS.map((h, i) => [h, row(ref, title)[i]!])),
      脱敏标题: '某钛材企业的成套工艺',
      创新点: '残料分选预处理\n低成本返回料利用',
      应用场景: '航空紧固件',
    });
    const importAll = async (ref: string) => {
      const res = await upload(table(FULL, [cellsOf(FULL, values(ref, '钛合金残料回收熔炼'))]), 'full.csv').expect(201);
      expect(await finished(res.body.id)).toMatchObject({ status: 'completed', createdCount: 1 });
      const [{ id }] = await app.sql<{ id: string }>(`SELECT id FROM achievements WHERE external_ref = $1`, [ref]);
      return id;
    };
    const achievement = async (id: string) => (await request(app.http).get(`/api/v1/achievements/${id}`).set(university.auth).expect(200)).body;
    const KEPT = {
      neutralTitle: '某钛材企业的成套工艺',
      innovationPoints: ['残料分选预处理', '低成本返回料利用'],
      applicationScenarios: ['航空紧固件'],
      chainCodes: ['titanium'],
      keywords: ['钛合金', '熔炼'],
      ipRights: [expect.objectContaining({ kind: 'invention_patent', number: 'ZL202110123456.7' }), expect.objectContaining({ kind: 'know_how' })],
      price: { minWan: 50, maxWan: 80, negotiable: false },
    };

    it('keeps the values of the columns the file leaves out, as a PATCH keeps the fields it leaves out', async () => {
      const id = await importAll('KEEP-1');
      expect(await achievement(id)).toMatchObject({ title: '钛合金残料回收熔炼', ...KEPT });

      const again = await upload(table(REQUIRED, [cellsOf(REQUIRED, values('KEEP-1', '钛合金残料回收熔炼（修订）'))]), 'titles.csv').expect(201);
      expect(await finished(again.body.id)).toMatchObject({ status: 'completed', createdCount: 0, updatedCount: 1 });
      expect(await achievement(id)).toMatchObject({ title: '钛合金残料回收熔炼（修订）', ...KEPT });
    });

    it('reads a column that is there with an empty cell as for a new item: no keywords, 面议, the default neutral title', async () => {
      const id = await importAll('KEEP-2');
      const headers = [...REQUIRED, '关键词', '价格(万元)', '脱敏标题'];
      const emptied = { ...values('KEEP-2', '钛合金残料回收熔炼'), 关键词: '', '价格(万元)': '', 脱敏标题: '' };
      const again = await upload(table(headers, [cellsOf(headers, emptied)]), 'emptied.csv').expect(201);
      expect(await finished(again.body.id)).toMatchObject({ status: 'completed', updatedCount: 1 });
      expect(await achievement(id)).toMatchObject({
        ...KEPT,
        keywords: [],
        price: { minWan: null, maxWan: null, negotiable: true },
        neutralTitle: '新材料领域科技成果',
      });
    });

    it('keeps what the owner changed while the file was being validated in a column the file leaves out', async () => {
      const id = await importAll('KEEP-3');
      let importId = '';
      // The owner's edit as it commits, while the import (validated against the item as it was) waits to write it.
      await whileCommitting(
        app,
        (db) => db.query(`UPDATE achievements SET keywords = ARRAY['返回料'] WHERE id = $1`, [id]),
        () => upload(table(REQUIRED, [cellsOf(REQUIRED, values('KEEP-3', '钛合金残料回收熔炼（修订）'))]), 'titles.csv').expect(201).then((res) => ((importId = res.body.id), res)),
      );
      expect(await finished(importId)).toMatchObject({ status: 'completed', updatedCount: 1 });
      expect(await achievement(id)).toMatchObject({ title: '钛合金残料回收熔炼（修订）', keywords: ['返回料'], chainCodes: ['titanium'] });
    });

    const DEMAND_REQUIRED = ['外部编号', '需求名称', '拟解决的技术难题', '技术领域', '合作方式', '需求成熟度', '所在地区', '有效期至', '公开范围'];
    const CHALLENGE = ['揭榜奖励(万元)', '揭榜截止日期', '评审方案'];
    const DEMAND_FULL = [...DEMAND_REQUIRED, '脱敏标题', '技术指标', '现有基础条件', '产业链', '关键词', '预算(万元)', '本地优先', ...CHALLENGE];
    const demand = (title: string, ref = 'DKEEP-1'): Record<string, string> => ({
      外部编号: ref, 需求名称: title, 拟解决的技术难题: '风电场主轴轴承在低转速下出现滚道剥落，现有振动监测难以提前发现，需要早期预警技术。',
      技术领域: '装备制造', 合作方式: '合作开发', 需求成熟度: '工业化', 所在地区: '210211', 有效期至: chinaDay(180), 公开范围: '公开',
      脱敏标题: '某风电企业的监测需求', 技术指标: '提前3个月发现损伤\n误报率≤5%', 现有基础条件: '已装振动监测系统', 产业链: '轴承及基础零部件', 关键词: '轴承、状态监测',
      '预算(万元)': '50-150', 本地优先: '是', '揭榜奖励(万元)': '100', 揭榜截止日期: chinaDay(90), 评审方案: '初评—现场考察—综合论证',
    });
    const importDemands = async (headers: string[], title: string, overrides: Record<string, string> = {}, query = '') => {
      const res = await request(app.http).post(`/api/v1/demands/import${query}`).set(university.auth).attach('file', Buffer.from(table(headers, [cellsOf(headers, { ...demand(title, overrides['外部编号']), ...overrides })])), 'demands.csv').expect(201);
      return finished(res.body.id);
    };

    it('keeps a demand’s 揭榜挂帅 challenge and details the file leaves out; its three columns left empty make it an ordinary demand again', async () => {
      const KEPT_DEMAND = {
        neutralTitle: '某风电企业的监测需求',
        indicators: ['提前3个月发现损伤', '误报率≤5%'],
        existingBasis: '已装振动监测系统',
        chainCodes: ['bearings_and_parts'],
        keywords: ['轴承', '状态监测'],
        budget: { minWan: 50, maxWan: 150, negotiable: false },
        localPreference: true,
      };
      expect(await importDemands(DEMAND_FULL, '主轴轴承早期损伤预警')).toMatchObject({ status: 'completed', createdCount: 1 });
      const [{ id }] = await app.sql<{ id: string }>(`SELECT id FROM tech_demands WHERE external_ref = 'DKEEP-1'`);
      const read = async () => (await request(app.http).get(`/api/v1/demands/${id}`).set(university.auth).expect(200)).body;
      const challenge = { rewardWan: 100, deadline: chinaDay(90), evaluationPlan: '初评—现场考察—综合论证' };
      expect(await read()).toMatchObject({ ...KEPT_DEMAND, challenge });

      expect(await importDemands(DEMAND_REQUIRED, '主轴轴承早期损伤预警（修订）')).toMatchObject({ status: 'completed', updatedCount: 1 });
      expect(await read()).toMatchObject({ title: '主轴轴承早期损伤预警（修订）', ...KEPT_DEMAND, challenge });

      expect(await importDemands([...DEMAND_REQUIRED, ...CHALLENGE], '主轴轴承早期损伤预警（修订）', { '揭榜奖励(万元)': '', 揭榜截止日期: '', 评审方案: '' })).toMatchObject({ status: 'completed', updatedCount: 1 });
      expect(await read()).toMatchObject({ ...KEPT_DEMAND, challenge: null });
    });

    it('keeps the 揭榜 columns of a challenge with an application under review: the file is rejected, as an edit over the API is', async () => {
      expect(await importDemands(DEMAND_FULL, '主轴轴承早期损伤预警', { 外部编号: 'DLIVE-1' }, '?publish=true')).toMatchObject({ status: 'completed', createdCount: 1 });
      const [{ id }] = await app.sql<{ id: string }>(`SELECT id FROM tech_demands WHERE external_ref = 'DLIVE-1'`);
      const enterprise = await registerOrganization(app, 'enterprise');
      await verifyOrganization(app, enterprise.organizationId!);
      const proposal = { teamLead: '王工', proposal: '以声发射与振动融合监测主轴轴承早期损伤。', budgetWan: 90, milestones: [{ dueOn: chinaDay(60), deliverable: '样机' }] };
      await request(app.http).post(`/api/v1/demands/${id}/applications`).set(enterprise.auth).send(proposal).expect(201);

      const emptied = await importDemands([...DEMAND_REQUIRED, ...CHALLENGE], '主轴轴承早期损伤预警（修订）', { 外部编号: 'DLIVE-1', '揭榜奖励(万元)': '', 揭榜截止日期: '', 评审方案: '' });
      expect(emptied).toMatchObject({ status: 'rejected', problems: [expect.objectContaining({ column: '揭榜奖励(万元)', reason: expect.stringContaining('under review') })] });
      expect((await request(app.http).get(`/api/v1/demands/${id}`).set(university.auth).expect(200)).body).toMatchObject({ title: '主轴轴承早期损伤预警', challenge: { rewardWan: 100 } });
    });
  });
});
