import { isGenericWord, isUnit } from '@techbridge/text';

/** A word found in more than this share of a catalogue of some size is generic there. */
const GENERIC_SHARE = 0.25;
/** Below this many items, document shares are too coarse to tell generic words apart. */
const GENERIC_MIN_CORPUS = 40;

export interface TermSpread {
  /** Items (both sides) holding the term, and the items indexed. */
  readonly documents: number;
  readonly corpus: number;
}

/**
 * Whether a matched word is worth showing as a reason for a match: not a unit ("mm"), not a
 * lone character (下, 高: pieces the segmenter split off), not a generic word (系统, 状态), and
 * not spread over a large share of the catalogue.
 */
export function isTellingTerm(term: string, spread?: TermSpread): boolean {
  if (isUnit(term) || isGenericWord(term) || [...term].length < 2) return false;
  return !(spread && spread.corpus >= GENERIC_MIN_CORPUS && spread.documents > spread.corpus * GENERIC_SHARE);
}
