import ExcelJS from 'exceljs';
import request from 'supertest';
import { registerOrganization, type Session } from '../support/accounts';
import { ACHIEVEMENT_SHEET_HEADERS, achievementSheetRow, sheetCsv, verifyOrganization } from '../support/catalog';
import { binaryBody, eventually, startTestApp, type TestApp } from '../support/harness';
import { whileCommitting } from '../support/races';

const HEADERS = ACHIEVEMENT_SHEET_HEADERS;
const row = achievementSheetRow;
const csv = sheetCsv;

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

  it('others cannot read an organisation’s import', async () => {
    const outsider = await registerOrganization(app, 'university');
    const res = await upload(csv([row('P-1', '私有导入')]), 'private.csv', { dryRun: 'true' }).expect(201);
    await request(app.http).get(`/api/v1/imports/${res.body.id}`).set(outsider.auth).expect(404);
  });
});
