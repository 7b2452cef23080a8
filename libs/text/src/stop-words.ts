import { join } from 'node:path';
import { readDataLines, TEXT_DATA_DIR } from './data-files';

let cached: ReadonlySet<string> | undefined;

/** Stop words for Chinese technical prose (data/stopwords.txt), loaded once. */
export function stopWords(): ReadonlySet<string> {
  cached ??= new Set(readDataLines(join(TEXT_DATA_DIR, 'stopwords.txt')).flatMap((line) => line.split(/\s+/)));
  return cached;
}

let units: ReadonlySet<string> | undefined;

/** Units of measurement (data/units.txt): kept as search terms, left out of explanations. */
export function isUnit(term: string): boolean {
  units ??= new Set(readDataLines(join(TEXT_DATA_DIR, 'units.txt')).flatMap((line) => line.split(/\s+/)));
  return units.has(term);
}
