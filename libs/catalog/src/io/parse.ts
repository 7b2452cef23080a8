import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { csvCellText } from './export';

export interface SheetRows {
  headers: string[];
  /** Data rows with their 1-based spreadsheet row numbers (the header is row 1). */
  rows: Array<{ row: number; cells: string[] }>;
}

export class UnreadableFileError extends Error {}

/** More data rows than the caller takes at once: refused while reading, before the rest is held in memory. */
export class TooManyRowsError extends UnreadableFileError {}

/** The most data rows a catalogue import reads; the widest row any file may have. */
export const SHEET_MAX_ROWS = 100_000;
const MAX_COLUMNS = 200;
/** Characters of one CSV record: a file with no line breaks is not a spreadsheet. */
const MAX_RECORD_CHARS = 1_000_000;

/**
 * Reads the first sheet of an XLSX file, or a CSV (UTF-8, with or without BOM), into text cells.
 * Rows are taken one at a time, blank ones counted but not kept, and reading stops past `maxRows`
 * data rows: a small file of blank lines, or a huge one, cannot exhaust the process's memory.
 */
export async function readSpreadsheet(format: 'csv' | 'xlsx', content: Buffer, maxRows = SHEET_MAX_ROWS): Promise<SheetRows> {
  const sheet = new SheetCollector(maxRows);
  try {
    if (format === 'csv') readCsv(content, sheet);
    else await readXlsx(content, sheet);
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    throw new UnreadableFileError(`the file is not a readable ${format.toUpperCase()}: ${(err as Error).message}`);
  }
  return { headers: sheet.headers, rows: sheet.rows };
}

class SheetCollector {
  headers: string[] = [];
  readonly rows: SheetRows['rows'] = [];

  constructor(private readonly maxRows: number) {}

  /** Row 1 is the header; a data row with nothing but blanks is left out. */
  add(row: number, cells: string[]): void {
    if (cells.length > MAX_COLUMNS) throw new UnreadableFileError(`row ${row} has more than ${MAX_COLUMNS} columns`);
    if (row === 1) {
      this.headers = cells.map((h) => h.trim());
      return;
    }
    if (!cells.some((c) => c.trim() !== '')) return;
    if (this.rows.length >= this.maxRows) throw new TooManyRowsError(`more than ${this.maxRows} rows: split the file`);
    this.rows.push({ row, cells });
  }
}

/**
 * A record's spreadsheet row is its line, less the line breaks inside quoted cells so far (a cell may
 * span lines yet stays on one row; the parser counts CR and LF each). Blank lines are skipped by the
 * parser itself: kept as records they cost some thirty times as much, which a file of nothing but
 * line breaks would turn into minutes. Each record is handed on as it is parsed, none kept here.
 */
function readCsv(content: Buffer, sheet: SheetCollector): void {
  let inner = 0;
  parse(content, {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
    on_record: (cells: string[], context: { lines: number }) => {
      for (const cell of cells) inner += cell.match(/[\r\n]/g)?.length ?? 0;
      sheet.add(context.lines - inner, cells.map(csvCellText));
      return null;
    },
  });
}

/** The first worksheet, streamed row by row (ExcelJS's reader keeps only shared strings and styles). */
async function readXlsx(content: Buffer, sheet: SheetCollector): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(content), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  for await (const worksheet of workbook) {
    for await (const row of worksheet) {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (c, col) => {
        if (col <= MAX_COLUMNS + 1) cells[col - 1] = cellText(c.value);
      });
      sheet.add(row.number, Array.from(cells, (v) => v ?? ''));
    }
    return;
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  // A date-formatted cell holding a number no calendar has: its text, not a failed file.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return value.result === undefined ? '' : String(value.result);
  }
  return String(value);
}
