import type { EncodedText } from './encoded-text';
import type { QueryVector } from './query-vector';

/** One first-pass result: the candidate's stored text and its first-pass score (> 0). */
export interface FeedbackDocument {
  readonly text: EncodedText;
  readonly weight: number;
}

/**
 * A pseudo-relevance feedback query (RM3-style): each term of the best first-pass documents
 * weighs Σ (document score / best score) × (tf / document length), times idf, so a term many
 * good answers use and few texts have rises; terms the query already holds (own or expanded)
 * are left out. The `terms` heaviest are kept, weighted relative to the heaviest (1), sorted by
 * id like every query vector, all marked as expansions (they are not the item's own words).
 */
export function feedbackQuery(
  documents: readonly FeedbackDocument[],
  query: QueryVector,
  terms: number,
  idf: (termId: number) => number,
): QueryVector {
  const best = Math.max(0, ...documents.map((d) => d.weight));
  const weights = new Map<number, number>();
  if (best > 0) {
    const inQuery = new Set(query.ids);
    for (const { text, weight } of documents) {
      if (weight <= 0 || text.length <= 0) continue;
      const share = weight / best / text.length;
      for (let i = 0; i < text.termCount; i++) {
        const id = text.termId(i);
        if (!inQuery.has(id)) weights.set(id, (weights.get(id) ?? 0) + share * text.tf(i));
      }
    }
  }
  const ranked = [...weights]
    .map(([id, w]) => [id, w * idf(id)] as const)
    .filter(([, w]) => w > 0)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, Math.max(0, terms));
  const top = ranked[0]?.[1] ?? 1;
  ranked.sort((a, b) => a[0] - b[0]);
  return {
    ids: Uint32Array.from(ranked, ([id]) => id),
    weights: Float32Array.from(ranked, ([, w]) => w / top),
    expanded: new Uint8Array(ranked.length).fill(1),
    idf: Float64Array.from(ranked, ([id]) => idf(id)),
  };
}
