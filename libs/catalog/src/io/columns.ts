import type { CellError } from './cells';

/** One spreadsheet column: its header, the input field it fills, how to read and write it. */
export interface Column<I, E> {
  /** The header as users write it (Chinese); the English key is accepted too. */
  header: string;
  key: string;
  required?: boolean;
  /** Reads the cell into the input under construction; throws CellError with a reason. */
  read?: (cell: string, input: Partial<I>) => void;
  /** Writes the cell for export from a full (unredacted) item. */
  write: (item: E) => string | number;
  /** Also exported for confidential items seen redacted. */
  public?: boolean;
}

export type Columns<I, E> = ReadonlyArray<Column<I, E>>;
export type { CellError };

/** The field of a domain problem ('ipRights.0.number') back to the column that holds it. */
export function columnOfField<I, E>(columns: Columns<I, E>, field: string): string {
  const root = field.split('.')[0];
  const exact = columns.find((c) => c.key === field) ?? columns.find((c) => c.key === root) ?? columns.find((c) => c.key.startsWith(`${root}.`));
  return exact?.header ?? field;
}
