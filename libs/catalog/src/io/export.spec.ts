import { writeSpreadsheet } from './export';
import { readSpreadsheet } from './parse';

describe('CSV exports and CSV injection', () => {
  const cells = ['=HYPERLINK("http://example.test","点击")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '钛合金熔炼', "'引号开头", '-'];

  it('writes no text cell that a spreadsheet program would run as a formula', async () => {
    const csv = (await writeSpreadsheet('csv', 's', ['名称'], [...cells.map((c) => [c]), [-5]])).toString('utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\n').slice(1);
    for (const line of lines.slice(0, 5)) expect(line.replace(/^"/, '')).toMatch(/^'/);
    // Ordinary text and numbers are written as they are.
    expect(lines.slice(5)).toEqual(['钛合金熔炼', "'引号开头", "'-", '-5']);
  });

  it('reads its own export back unchanged', async () => {
    const content = await writeSpreadsheet('csv', 's', ['名称'], cells.map((c) => [c]));
    const { rows } = await readSpreadsheet('csv', content);
    expect(rows.map((r) => r.cells[0])).toEqual(cells);
  });
});
