import { RELATION_KINDS, type RelationKind } from '@techbridge/text';
import type { AnalyzedText } from '../analysis/analyzer';
import type { Vocabulary } from './vocabulary';

/** Term frequencies are stored in half units (section weights are multiples of 0.5). */
export const TF_SCALE = 2;
/** Expansion weights are stored in hundredths. */
export const EXPANSION_SCALE = 100;
const MAX_BYTE = 255;

/**
 * An analysed text packed into two typed arrays, so 100,000 items stay compact:
 *   ids   = [termIds (sorted) | expansionIds (sorted) | expansionFromIds | bigram codes]
 *   bytes = [tf | sections | expansionWeight | expansionKind | expansionSections]
 */
export class EncodedText {
  constructor(
    readonly ids: Uint32Array,
    readonly bytes: Uint8Array,
    readonly termCount: number,
    readonly expansionCount: number,
    readonly length: number,
  ) {}

  static encode(text: AnalyzedText, vocabulary: Vocabulary): EncodedText {
    const terms = [...text.terms].map(([term, stats]) => ({ id: vocabulary.intern(term), stats })).sort((a, b) => a.id - b.id);
    const expansions = [...text.expansions]
      .map(([term, source]) => ({ id: vocabulary.intern(term), from: vocabulary.intern(source.from), source }))
      .sort((a, b) => a.id - b.id);
    const nT = terms.length;
    const nE = expansions.length;
    const ids = new Uint32Array(nT + 2 * nE + text.bigrams.length);
    const bytes = new Uint8Array(2 * nT + 3 * nE);
    terms.forEach(({ id, stats }, i) => {
      ids[i] = id;
      bytes[i] = Math.min(MAX_BYTE, Math.max(1, Math.round(stats.tf * TF_SCALE)));
      bytes[nT + i] = stats.sections;
    });
    expansions.forEach(({ id, from, source }, i) => {
      ids[nT + i] = id;
      ids[nT + nE + i] = from;
      bytes[2 * nT + i] = Math.min(MAX_BYTE, Math.max(1, Math.round(source.weight * EXPANSION_SCALE)));
      bytes[2 * nT + nE + i] = RELATION_KINDS.indexOf(source.kind);
      bytes[2 * nT + 2 * nE + i] = source.sections;
    });
    ids.set(text.bigrams, nT + 2 * nE);
    return new EncodedText(ids, bytes, nT, nE, text.length);
  }

  termId(i: number): number {
    return this.ids[i]!;
  }
  tf(i: number): number {
    return this.bytes[i]! / TF_SCALE;
  }
  sections(i: number): number {
    return this.bytes[this.termCount + i]!;
  }
  expansionId(i: number): number {
    return this.ids[this.termCount + i]!;
  }
  expansionFrom(i: number): number {
    return this.ids[this.termCount + this.expansionCount + i]!;
  }
  expansionWeight(i: number): number {
    return this.bytes[2 * this.termCount + i]! / EXPANSION_SCALE;
  }
  expansionKind(i: number): RelationKind {
    return RELATION_KINDS[this.bytes[2 * this.termCount + this.expansionCount + i]!]!;
  }
  /** Sections of the item where the text that triggered expansion `i` was found. */
  expansionSections(i: number): number {
    return this.bytes[2 * this.termCount + 2 * this.expansionCount + i]!;
  }
  /** Sorted bigram codes, as a view (no copy). */
  bigrams(): Uint32Array {
    return this.ids.subarray(this.termCount + 2 * this.expansionCount);
  }
  /** Index of `termId` among the terms, or −1 (binary search: ids are sorted). */
  indexOfTerm(termId: number): number {
    let lo = 0;
    let hi = this.termCount - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.ids[mid]!;
      if (v === termId) return mid;
      if (v < termId) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Heap bytes of the packed arrays (for the speed bench's memory estimate). */
  get byteSize(): number {
    return this.ids.byteLength + this.bytes.byteLength;
  }
}
