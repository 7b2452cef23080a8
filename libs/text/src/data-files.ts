import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Data files live beside the code (src/data) and the build copies them to dist, so resolving
 * from __dirname works under Jest (source) and from dist alike.
 */
export const TEXT_DATA_DIR = join(__dirname, 'data');

/** Lines of a data file, trimmed, without blank lines and `#` comments. */
export function readDataLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line.length > 0);
}
