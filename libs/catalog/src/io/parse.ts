import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { csvCellText } from './export';

export interface SheetRows {
  headers: string[];
  /** Data rows with their 1-based spreadsheet row numbers (the header is row 1). */
  rows: Array<{ row: number; cells: string[] }>;
}

export class UnreadableFileError extends Error {}

/** Reads the first sheet of an XLSX file, or a CSV (UTF-8, with or without BOM), into text cells. */
export async function readSpreadsheet(format: 'csv' | 'xlsx', content: Buffer): Promise<SheetRows> {
  let table: string[][];
  try {
    table = format === 'csv' ? readCsv(content) : await readXlsx(content);
  } catch (err) {
    throw new UnreadableFileError(`the file is not a readable ${format.toUpperCase()}: ${(err as Error).message}`);
  }
  const [headers = [], ...data] = table;
  return {
    headers: headers.map((h) => h.trim()),
    rows: data.map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((c) => c.trim() !== '')),
  };
}

/**
 * Every line is a record, blank ones included, so that a record's index is its spreadsheet row (a
 * blank line is an empty row there; csv-parse's line count would not do either, as a quoted cell
 * may span lines yet stays on one row). Blank rows are dropped after numbering.
 */
function readCsv(content: Buffer): string[][] {
  return (parse(content, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][]).map((cells) => cells.map(csvCellText));
}

async function readXlsx(content: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c, col) => (cells[col - 1] = cellText(c.value)));
    table[rowNumber - 1] = Array.from(cells, (v) => v ?? '');
  });
  return Array.from(table, (r) => r ?? []);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return value.result === undefined ? '' : String(value.result);
  }
  return String(value);
}
