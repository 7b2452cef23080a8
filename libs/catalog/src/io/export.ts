import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { CatalogRecord } from '../catalog-items';
import type { CatalogEntity } from '../catalog-kind';
import type { Columns } from './columns';

export type ExportFormat = 'csv' | 'xlsx';

/**
 * A spreadsheet of records, redacted exactly as the API shows them: for a confidential item the
 * caller may not read, only its public columns (neutral title, field, chain, region, status).
 */
export function exportCells<I, E extends CatalogEntity>(columns: Columns<I, E>, records: Array<CatalogRecord<E>>): Array<Array<string | number>> {
  return records.map(({ item, access }) =>
    columns.map((column) => {
      if (access === 'full' || column.public) return column.write(item);
      return column.key === 'title' ? item.neutralTitle : '';
    }),
  );
}

/** Text a spreadsheet program would run as a formula when it opens a CSV (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A CSV text cell that cannot run as a formula: a leading apostrophe, as OWASP advises, which
 * `readSpreadsheet` takes off again so an export imports back unchanged. XLSX cells are typed as
 * text, so they need nothing.
 */
export const inertCsvCell = (cell: string | number): string | number => (typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell);

/** Undoes `inertCsvCell`. */
export const csvCellText = (cell: string): string => (cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell);

export async function writeSpreadsheet(format: ExportFormat, sheetName: string, headers: string[], rows: Array<Array<string | number>>): Promise<Buffer> {
  if (format === 'csv') {
    // A BOM so Excel opens the UTF-8 Chinese text correctly.
    return Buffer.from(`\uFEFF${stringify([headers, ...rows.map((row) => row.map(inertCsvCell))])}`, 'utf8');
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(headers).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.columns.forEach((column) => (column.width = 18));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
