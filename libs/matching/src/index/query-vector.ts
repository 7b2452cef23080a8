import { type EncodedText, TF_SCALE } from './encoded-text';

/** A weighted bag of term ids used as a BM25 query; sorted by id for merge joins. */
export interface QueryVector {
  readonly ids: Uint32Array;
  readonly weights: Float32Array;
  /** 1 where the term came from expansion rather than the item's own text. */
  readonly expanded: Uint8Array;
  /** idf of each term, filled in by whoever knows the corpus (looked up once per query). */
  readonly idf: Float64Array;
}

const powTables = new Map<number, Float32Array>();
/** tf^exponent for every stored (quantised) term frequency, computed once per exponent. */
function powTable(exponent: number): Float32Array {
  let table = powTables.get(exponent);
  if (table === undefined) {
    table = Float32Array.from({ length: 256 }, (_, q) => Math.pow(q / TF_SCALE, exponent));
    powTables.set(exponent, table);
  }
  return table;
}

/**
 * An item's own terms (weighted by section-weighted frequency ^ tfExponent: a word repeated in
 * a long description should not outweigh the rest of the query) plus its thesaurus expansions
 * scaled by `expansionScale` (0 turns expansion off). Both lists are stored sorted and never
 * share a term, so this is a linear merge, not a sort: it runs for every candidate scored.
 * `sectionMask` keeps only terms from those sections (e.g. the headline: title and keywords).
 */
export function queryVector(text: EncodedText, tfExponent: number, expansionScale: number, sectionMask = 0xff): QueryVector {
  const nT = text.termCount;
  const nE = expansionScale > 0 ? text.expansionCount : 0;
  const ids = new Uint32Array(nT + nE);
  const weights = new Float32Array(nT + nE);
  const expanded = new Uint8Array(nT + nE);
  const pow = powTable(tfExponent);
  let t = 0;
  let e = 0;
  let out = 0;
  while (t < nT || e < nE) {
    const termId = t < nT ? text.termId(t) : Number.MAX_SAFE_INTEGER;
    const expansionId = e < nE ? text.expansionId(e) : Number.MAX_SAFE_INTEGER;
    if (termId < expansionId) {
      if ((text.sections(t) & sectionMask) !== 0) {
        ids[out] = termId;
        weights[out++] = pow[text.bytes[t]!]!;
      }
      t++;
    } else {
      if ((text.expansionSections(e) & sectionMask) !== 0) {
        ids[out] = expansionId;
        weights[out] = text.expansionWeight(e) * expansionScale;
        expanded[out++] = 1;
      }
      e++;
    }
  }
  return { ids: ids.subarray(0, out), weights: weights.subarray(0, out), expanded: expanded.subarray(0, out), idf: new Float64Array(out) };
}

/** The query plus extra expansion terms (id → weight) it does not already hold. */
export function withExtraTerms(query: QueryVector, extra: ReadonlyMap<number, number>): QueryVector {
  const added = [...extra].filter(([id, w]) => w > 0 && !query.ids.includes(id)).sort((a, b) => a[0] - b[0]);
  if (added.length === 0) return query;
  const size = query.ids.length + added.length;
  const merged: QueryVector = {
    ids: new Uint32Array(size),
    weights: new Float32Array(size),
    expanded: new Uint8Array(size),
    idf: new Float64Array(size),
  };
  let q = 0;
  let a = 0;
  for (let out = 0; out < size; out++) {
    if (a >= added.length || (q < query.ids.length && query.ids[q]! < added[a]![0])) {
      merged.ids[out] = query.ids[q]!;
      merged.weights[out] = query.weights[q]!;
      merged.expanded[out] = query.expanded[q]!;
      merged.idf[out] = query.idf[q]!;
      q++;
    } else {
      merged.ids[out] = added[a]![0];
      merged.weights[out] = added[a]![1];
      merged.expanded[out] = 1;
      a++;
    }
  }
  return merged;
}
