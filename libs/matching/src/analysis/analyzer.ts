import { charBigrams, type Expansion, normalizeText, type RelationKind, Segmenter, Thesaurus } from '@techbridge/text';
import { FieldAffinity } from '../scoring/field-affinity';
import type { MatchableAchievement, MatchableDemand, Side } from '../types';
import type { MatchingWeights } from '../weights';
import { sectionBit, textSections } from './sections';

export interface TermStats {
  /** Section-weighted term frequency. */
  tf: number;
  /** Bit mask of the sections the term occurs in (see SECTION_NAMES). */
  sections: number;
}

/** Why a term was added to an item's query: which thesaurus term in the item led to it. */
export interface ExpansionSource {
  weight: number;
  /** The text in the item that triggered it (a thesaurus term, or what a pattern matched). */
  readonly from: string;
  /** The related term the expansion token belongs to. */
  readonly via: string;
  readonly kind: RelationKind;
  /** Sections where `from` was found. */
  sections: number;
}

interface WeightedToken {
  readonly token: string;
  readonly weight: number;
  readonly via: string;
  readonly kind: RelationKind;
}

/** An item's text reduced to what matching needs. */
export interface AnalyzedText {
  readonly terms: ReadonlyMap<string, TermStats>;
  /** Σ weighted term frequency (the BM25 document length). */
  readonly length: number;
  /** Query-side additions from the thesaurus, never terms the item already has. */
  readonly expansions: ReadonlyMap<string, ExpansionSource>;
  readonly bigrams: Uint32Array;
}

/**
 * Turns an item's sections into weighted terms, thesaurus expansions and character bigrams.
 * Expansion is query-side only: the index stores what the text says, and each item, when it
 * is the query, reaches for the words the other side would use.
 *
 * Terms are jieba search-mode tokens with jieba's own dictionary (`Segmenter.plain()`), the
 * tokenisation of the plain BM25 baseline, so the text core starts from what is known to work.
 * On matching-dev the domain dictionary (thesaurus terms kept whole) scored 0.006–0.008 nDCG@10
 * lower under the earlier weights and the same under the current ones (bench/matching/RESULTS.md);
 * pass `Segmenter.domain()` to the engine to use it. The thesaurus finds its terms in the raw
 * text either way.
 */
export class TextAnalyzer {
  private readonly tokenCache = new Map<string, ReadonlyArray<readonly [string, number]>>();
  private readonly expansionCache = new Map<string, readonly WeightedToken[]>();

  constructor(
    private readonly weights: MatchingWeights,
    private readonly segmenter: Segmenter = Segmenter.plain(),
    private readonly thesaurus: Thesaurus = Thesaurus.shared(),
    private readonly affinity: FieldAffinity = FieldAffinity.shared(),
  ) {}

  analyze(side: Side, item: MatchableDemand | MatchableAchievement): AnalyzedText {
    const terms = new Map<string, TermStats>();
    const expansions = new Map<string, ExpansionSource>();
    let length = 0;
    const sections = textSections(side, item);
    for (const { name, text, limitation } of sections) {
      const discount = limitation === true ? this.weights.statements.limitation : 1;
      if (discount <= 0) continue;
      const weight = this.weights.sections[name] * discount;
      const bit = sectionBit(name);
      for (const term of this.segmenter.terms(text)) {
        const stats = terms.get(term) ?? { tf: 0, sections: 0 };
        stats.tf += weight;
        stats.sections |= bit;
        terms.set(term, stats);
        length += weight;
      }
    }
    for (const { name, text, limitation } of sections) {
      if (limitation === true) continue; // what an item cannot do suggests nothing to look for
      const sectionWeight = this.weights.sections[name];
      const bit = sectionBit(name);
      for (const hit of this.thesaurus.find(normalizeText(text))) {
        for (const { token, weight: relative, via, kind } of this.expansionTokens(hit.term, side, item.fieldCode)) {
          if (terms.has(token)) continue;
          const weight = sectionWeight * relative;
          const prev = expansions.get(token);
          if (prev === undefined || prev.weight < weight) {
            expansions.set(token, { weight, from: hit.text, via, kind, sections: bit });
          } else if (prev.from === hit.text) prev.sections |= bit;
        }
      }
    }
    // Headline bigrams only: they catch a title's unsegmented compound at a fraction of the memory.
    const bigrams = charBigrams(sections.filter((s) => s.name === 'title' || s.name === 'keywords').map((s) => s.text).join('。'));
    return { terms, length, expansions: strongest(expansions, this.weights.expansion.maxTerms), bigrams };
  }

  /**
   * How much an expansion counts for an item of this side and field: by relation kind and
   * direction (a demand's symptom reaches for mechanisms; an achievement's technique reaches
   * back for symptoms), and less when the relation is another field's knowledge.
   */
  private relationWeight(side: Side, fieldCode: string, expansion: Expansion): number {
    const e = this.weights.expansion;
    const natural = side === 'demand' ? 'implies' : 'impliedBy';
    const kindWeight =
      expansion.kind === 'synonym'
        ? e.synonym
        : expansion.kind === 'related'
          ? e.related
          : expansion.kind === natural
            ? e.implies
            : e.reverse;
    if (expansion.fields === undefined || expansion.fields.includes(fieldCode)) return kindWeight;
    const nearest = Math.max(0, ...expansion.fields.map((f) => this.affinity.between(fieldCode, f)));
    return kindWeight * (e.offField + (1 - e.offField) * nearest);
  }

  /**
   * The tokens a thesaurus term found in an item adds to its query, with their weights before
   * the section weight: by relation, direction and field, shared among many related terms
   * (weight × √(fanout / n)). Cached: the same terms recur across a catalogue.
   */
  private expansionTokens(term: string, side: Side, fieldCode: string): readonly WeightedToken[] {
    const key = `${side}\u0000${fieldCode}\u0000${term}`;
    let tokens = this.expansionCache.get(key);
    if (tokens !== undefined) return tokens;
    const related = this.thesaurus.expand(term);
    const share = Math.min(1, Math.sqrt(this.weights.expansion.fanout / Math.max(1, related.length)));
    const best = new Map<string, WeightedToken>();
    for (const expansion of related) {
      const weight = share * this.relationWeight(side, fieldCode, expansion);
      if (weight <= 0) continue;
      for (const [token, tokenShare] of this.tokens(expansion.term)) {
        const w = weight * tokenShare;
        if ((best.get(token)?.weight ?? 0) < w) best.set(token, { token, weight: w, via: expansion.term, kind: expansion.kind });
      }
    }
    tokens = [...best.values()];
    this.expansionCache.set(key, tokens);
    return tokens;
  }

  /** An expanded term's tokens: its own words in full, their sub-words at `subword` weight. */
  private tokens(term: string): ReadonlyArray<readonly [string, number]> {
    let tokens = this.tokenCache.get(term);
    if (tokens === undefined) {
      const words = new Set(this.segmenter.words(term));
      tokens = [...new Set(this.segmenter.terms(term))].map((t) => [t, words.has(t) ? 1 : this.weights.expansion.subword] as const);
      this.tokenCache.set(term, tokens);
    }
    return tokens;
  }
}

/** The `limit` heaviest expansions: a text full of thesaurus terms must not drown its own words. */
function strongest(expansions: Map<string, ExpansionSource>, limit: number): Map<string, ExpansionSource> {
  if (expansions.size <= limit) return expansions;
  return new Map([...expansions].sort((a, b) => b[1].weight - a[1].weight).slice(0, limit));
}
