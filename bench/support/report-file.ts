import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Everything from this line on is written by hand and survives the benchmark's next run. */
export const NOTES_MARKER = '<!-- Written by hand from here on: the benchmark rewrites only what is above this line. -->';

/** Writes a benchmark's generated report over the top of `file`, keeping any notes below the marker. */
export function writeReport(file: string, report: string): void {
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = previous.indexOf(NOTES_MARKER);
  writeFileSync(file, at >= 0 ? `${report.trimEnd()}\n\n${previous.slice(at)}` : report);
}
