import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

/**
 * A short, stable digest of the data files under `dirs` (names and contents, line ends
 * normalised so a Windows checkout agrees). Scores carry it: two builds that read different
 * thesaurus or lexicon files score differently even under the same weights.
 */
export function dataDigest(dirs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const dir of dirs) {
    for (const file of filesUnder(dir)) {
      hash.update(relative(dir, file).split('\\').join('/')).update('\0');
      hash.update(readFileSync(file, 'utf8').replace(/\r\n/g, '\n')).update('\0');
    }
  }
  return hash.digest('hex').slice(0, 8);
}
