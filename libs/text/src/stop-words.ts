import { join } from 'node:path';
import { readDataLines, TEXT_DATA_DIR } from './data-files';

let cached: ReadonlySet<string> | undefined;

/** Stop words for Chinese technical prose (data/stopwords.txt), loaded once. */
export function stopWords(): ReadonlySet<string> {
  cached ??= new Set(readDataLines(join(TEXT_DATA_DIR, 'stopwords.txt')).flatMap((line) => line.split(/\s+/)));
  return cached;
}

const wordSets = new Map<string, ReadonlySet<string>>();
const wordSet = (file: string): ReadonlySet<string> => {
  let set = wordSets.get(file);
  if (!set) wordSets.set(file, (set = new Set(readDataLines(join(TEXT_DATA_DIR, file)).flatMap((line) => line.split(/\s+/)))));
  return set;
};

/** Units of measurement (data/units.txt): kept as search terms, left out of explanations. */
export const isUnit = (term: string): boolean => wordSet('units.txt').has(term);

/** Words too general to name a technology (data/generic-words.txt): scored, left out of explanations. */
export const isGenericWord = (term: string): boolean => wordSet('generic-words.txt').has(term);
