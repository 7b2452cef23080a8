import { join } from 'node:path';
import { dataDigest, TEXT_DATA_DIR } from '@techbridge/text';
import { DEFAULT_WEIGHTS, type MatchingWeights } from './weights';

const MATCHING_DATA_DIR = join(__dirname, 'data');
let knowledge: string | undefined;

/**
 * What every stored score records: the weights version and a digest of the knowledge the
 * engine reads (thesaurus, lexicons, stop words, field affinity). A thesaurus edit under
 * unchanged weights still makes earlier scores stale, and this is how the worker tells. Without
 * arguments: the service's own (its engine runs on the default weights).
 */
export function scoringVersion(weights: MatchingWeights = DEFAULT_WEIGHTS): string {
  knowledge ??= dataDigest([TEXT_DATA_DIR, MATCHING_DATA_DIR]);
  return `${weights.version}+${knowledge}`;
}
