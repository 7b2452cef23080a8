import type { Vocabulary } from '../index/vocabulary';
import { sectionsOf } from '../analysis/sections';
import type { PairScore, ScoringSide } from '../scoring/pair-scorer';
import { type CorpusStats, directedRelevance } from '../scoring/text-relevance';
import type { AchievementFacts, DemandFacts } from '../index/facts';
import type { MatchedTerm, MatchExplanation } from './notes';
import { isTellingTerm, type TermSpread } from './telling-terms';

const MAX_TERMS = 8;

interface Averages {
  demand(): number;
  achievement(): number;
}

/**
 * The terms behind a text score, from both directions: shared terms, and thesaurus links
 * from one side's words to the other's. Sub-words of a listed term (燃气 in 燃气轮机) are
 * dropped so the list reads like a person wrote it.
 */
export function buildExplanation(
  demand: ScoringSide<DemandFacts>,
  achievement: ScoringSide<AchievementFacts>,
  scored: PairScore,
  vocabulary: Vocabulary,
  stats: CorpusStats,
  averages: Averages,
  /** Whether the achievement → demand direction counts in the score (text.backward > 0). */
  backward: boolean,
  /** How widely a term occurs in the catalogue (generic words are not shown as reasons). */
  spread: (termId: number) => TermSpread,
): MatchExplanation {
  const merged = new Map<string, MatchedTerm & { weight: number }>();
  /** `matchedId`: the term found in the other side's text (one of the two words), whose spread counts. */
  const add = (term: MatchedTerm, matchedId: number): void => {
    const matched = vocabulary.term(matchedId);
    const other = matched === term.demandTerm ? term.achievementTerm : term.demandTerm;
    if (!isTellingTerm(matched, spread(matchedId)) || !isTellingTerm(other)) return;
    const key = `${term.relation}\u0000${term.demandTerm}\u0000${term.achievementTerm}`;
    const prev = merged.get(key);
    if (prev === undefined) merged.set(key, { ...term });
    else prev.weight += term.weight;
  };
  directedRelevance(demand.query, achievement.text, averages.achievement(), stats, (c) => {
    const termId = demand.query.ids[c.queryIndex]!;
    const word = vocabulary.term(termId);
    const achievementSections = sectionsOf(achievement.text.sections(c.docIndex));
    if (demand.query.expanded[c.queryIndex] === 0) {
      const own = demand.text.indexOfTerm(termId);
      add({ relation: 'same', demandTerm: word, achievementTerm: word, demandSections: sectionsOf(own < 0 ? 0 : demand.text.sections(own)), achievementSections, weight: c.score }, termId);
      return;
    }
    const e = expansionIndex(demand.text, termId);
    if (e < 0) return;
    add({
      relation: demand.text.expansionKind(e),
      demandTerm: vocabulary.term(demand.text.expansionFrom(e)),
      achievementTerm: word,
      demandSections: sectionsOf(demand.text.expansionSections(e)),
      achievementSections,
      weight: c.score,
    }, termId);
  });
  if (backward) directedRelevance(achievement.query, demand.text, averages.demand(), stats, (c) => {
    const termId = achievement.query.ids[c.queryIndex]!;
    const word = vocabulary.term(termId);
    const demandSections = sectionsOf(demand.text.sections(c.docIndex));
    if (achievement.query.expanded[c.queryIndex] === 0) {
      const own = achievement.text.indexOfTerm(termId);
      add({ relation: 'same', demandTerm: word, achievementTerm: word, demandSections, achievementSections: sectionsOf(own < 0 ? 0 : achievement.text.sections(own)), weight: c.score }, termId);
      return;
    }
    const e = expansionIndex(achievement.text, termId);
    if (e < 0) return;
    add({
      relation: achievement.text.expansionKind(e),
      demandTerm: word,
      achievementTerm: vocabulary.term(achievement.text.expansionFrom(e)),
      demandSections,
      achievementSections: sectionsOf(achievement.text.expansionSections(e)),
      weight: c.score,
    }, termId);
  });
  const all = [...merged.values()];
  const total = all.reduce((s, t) => s + t.weight, 0) || 1;
  // A shared word inside a longer shared word (数控 in 数控车床, 控系统 in 数控系统) says nothing more.
  const shared = all.filter((t) => t.relation === 'same').map((t) => t.demandTerm);
  const ranked = all
    .filter((t) => t.relation !== 'same' || !shared.some((w) => w !== t.demandTerm && w.includes(t.demandTerm)))
    .sort((a, b) => b.weight - a.weight);
  const kept: MatchedTerm[] = [];
  for (const term of ranked) {
    if (kept.length === MAX_TERMS) break;
    const covered = kept.some(
      (k) =>
        (k.demandTerm.includes(term.demandTerm) && k.achievementTerm.includes(term.achievementTerm)) ||
        (term.relation !== 'same' && k.achievementTerm === term.achievementTerm),
    );
    if (!covered) kept.push({ ...term, weight: Math.round((1000 * term.weight) / total) / 1000 });
  }
  return { terms: kept, notes: scored.notes };
}

/** Binary search: expansion ids are stored sorted. */
function expansionIndex(text: ScoringSide<unknown>['text'], termId: number): number {
  let lo = 0;
  let hi = text.expansionCount - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const id = text.expansionId(mid);
    if (id === termId) return mid;
    if (id < termId) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
