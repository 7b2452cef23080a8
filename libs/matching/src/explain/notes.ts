import type { CooperationMode, MaturityStage } from '@techbridge/domain';
import type { RelationKind, TaskKind } from '@techbridge/text';
import type { MoneyRange, Side } from '../types';
import type { SectionName } from '../weights';

/** A term both texts share, directly or through the thesaurus. */
export interface MatchedTerm {
  /** 'same': the very term occurs on both sides; otherwise the thesaurus relation used. */
  readonly relation: 'same' | RelationKind;
  /** The words as each side wrote them (equal when relation is 'same'). */
  readonly demandTerm: string;
  readonly achievementTerm: string;
  readonly demandSections: readonly SectionName[];
  readonly achievementSections: readonly SectionName[];
  /** Share of the text score this term contributed (for ordering). */
  readonly weight: number;
}

export type RegionLevel = 'city' | 'province' | 'elsewhere' | 'unknown';

/** A structured fact or gap behind a score; rendering and redaction work on these. */
export type ExplanationNote =
  | { readonly kind: 'field'; readonly relation: 'same' | 'adjacent' | 'different'; readonly demandField: string; readonly achievementField: string }
  | { readonly kind: 'chains'; readonly shared: readonly string[] }
  /** The two sides set out to do different things (one detects, the other solves). */
  | { readonly kind: 'task'; readonly demandTasks: readonly TaskKind[]; readonly achievementTasks: readonly TaskKind[] }
  | {
      readonly kind: 'region';
      readonly level: RegionLevel;
      readonly demandRegion: string;
      readonly achievementRegion: string;
      readonly localPreference: boolean;
    }
  | { readonly kind: 'maturity'; readonly fits: boolean; readonly needed: MaturityStage; readonly stage?: MaturityStage; readonly trl?: number }
  | { readonly kind: 'budget'; readonly fits: boolean; readonly budget: MoneyRange; readonly price: MoneyRange }
  | {
      readonly kind: 'modes';
      readonly shared: readonly CooperationMode[];
      readonly wanted: readonly CooperationMode[];
      readonly offered: readonly CooperationMode[];
    };

export interface MatchExplanation {
  readonly terms: readonly MatchedTerm[];
  readonly notes: readonly ExplanationNote[];
}

/**
 * Which sides' hidden details a note would disclose. A confidential item shows others only its
 * field, chain, region and a neutral title, so those are free; everything else is a detail.
 */
export function disclosedSides(note: ExplanationNote | MatchedTerm): readonly Side[] {
  if (!('kind' in note)) return ['demand', 'achievement'];
  switch (note.kind) {
    case 'field':
    case 'chains':
      return [];
    case 'region': // its level and regions are public; the demand's local preference is not
      return note.localPreference ? ['demand'] : [];
    case 'task':
    case 'maturity':
    case 'budget':
    case 'modes':
      return ['demand', 'achievement'];
  }
}
