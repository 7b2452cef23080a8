import ExcelJS from 'exceljs';
import { readSpreadsheet, TooManyRowsError, UnreadableFileError } from './parse';

describe('reading a spreadsheet', () => {
  it.each(['\n', '\r\n'])('numbers rows as the spreadsheet does, leaving blank ones out (line ends %j)', async (nl) => {
    const lines = ['\uFEFF外部编号,成果名称', 'A-1,轴承', '', ' , ', `A-2,"两行${nl}的名称"`, '', `A-3,"三${nl}行${nl}名称"`, 'A-4,齿轮'];
    const sheet = await readSpreadsheet('csv', Buffer.from(lines.join(nl) + nl));
    expect(sheet.headers).toEqual(['外部编号', '成果名称']);
    expect(sheet.rows).toEqual([
      { row: 2, cells: ['A-1', '轴承'] },
      { row: 5, cells: ['A-2', `两行${nl}的名称`] },
      { row: 7, cells: ['A-3', `三${nl}行${nl}名称`] },
      { row: 8, cells: ['A-4', '齿轮'] },
    ]);
  });

  it('reads megabytes of blank lines without keeping them', async () => {
    const before = process.memoryUsage().heapUsed;
    const sheet = await readSpreadsheet('csv', Buffer.concat([Buffer.from('外部编号,成果名称\n'), Buffer.alloc(8 * 1024 * 1024, '\n'), Buffer.from('A-1,轴承\n')]));
    expect(sheet.rows).toEqual([{ row: 8 * 1024 * 1024 + 2, cells: ['A-1', '轴承'] }]);
    // What is left on the heap is the one row, not millions of empty ones.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('stops past the rows the caller takes, and refuses rows wider than any form', async () => {
    const rows = (n: number) => Buffer.from(['编号', ...Array.from({ length: n }, (_, i) => `R-${i}`)].join('\n'));
    expect((await readSpreadsheet('csv', rows(3), 3)).rows).toHaveLength(3);
    await expect(readSpreadsheet('csv', rows(4), 3)).rejects.toBeInstanceOf(TooManyRowsError);
    await expect(readSpreadsheet('csv', Buffer.from(`a\n${','.repeat(300)}\n`))).rejects.toThrow('more than 200 columns');
    await expect(readSpreadsheet('csv', Buffer.from(`a\n"${'x'.repeat(1_100_000)}"\n`))).rejects.toBeInstanceOf(UnreadableFileError);
  });

  it('reads the first sheet of an XLSX row by row, with dates as days and bad dates as blanks', async () => {
    const workbook = new ExcelJS.Workbook();
    const first = workbook.addWorksheet('成果');
    first.addRow(['外部编号', '有效期至', '说明']);
    first.addRow(['A-1', new Date(Date.UTC(2027, 11, 31)), { richText: [{ text: '富' }, { text: '文本' }] }]);
    first.addRow([]);
    first.addRow(['A-2', new Date(Number.NaN), { formula: '1+1', result: 2 }]);
    workbook.addWorksheet('其他').addRow(['不读']);
    const sheet = await readSpreadsheet('xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(sheet.headers).toEqual(['外部编号', '有效期至', '说明']);
    expect(sheet.rows).toEqual([
      { row: 2, cells: ['A-1', '2027-12-31', '富文本'] },
      { row: 4, cells: ['A-2', '', '2'] },
    ]);
    await expect(readSpreadsheet('xlsx', Buffer.from('not a zip'))).rejects.toBeInstanceOf(UnreadableFileError);
  });
});
