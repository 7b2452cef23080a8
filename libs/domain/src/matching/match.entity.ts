import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { Achievement } from '../catalog/achievement.entity';
import { TechDemand } from '../catalog/tech-demand.entity';
import { codeList } from '../codes/code-list';
import { VersionedRow } from '../versioned-row';

/** How people act on a suggested match; `dismissed` pairs are never suggested again. */
export const MatchStates = codeList({
  suggested: '系统推荐',
  contacted: '已联系',
  meeting: '已约见',
  negotiating: '洽谈中',
  deal: '已成交',
  dismissed: '已排除',
});
export type MatchState = (typeof MatchStates.codes)[number];
export const MATCH_STATES = MatchStates.codes;

/** Scores and explanation as the engine produced them (see @techbridge/matching). */
export type StoredComponents = Record<string, number>;
export interface StoredExplanation {
  terms: unknown[];
  notes: unknown[];
}

/**
 * A scored pair of a demand and an achievement. One row per pair, whichever side found it:
 * `demandScore` is set while the achievement is among the demand's top matches, and
 * `achievementScore` while the demand is among the achievement's. A row people acted on
 * (a state other than suggested, or feedback) is kept even when it leaves both lists.
 */
@Entity('matches')
@Unique('UQ_matches_pair', ['demandId', 'achievementId'])
@Index('IDX_matches_demand_list', ['demandId', 'demandScore'])
@Index('IDX_matches_achievement_list', ['achievementId', 'achievementScore'])
// The conversion figures select pairs by when they were first followed up; most pairs never are.
// Partial and covering (INCLUDE, written by hand in MatchesFollowedUpCovering): the reports read
// the followed-up pairs from the index alone.
@Index('IDX_matches_contacted_at', { synchronize: false })
// …and, narrowed to a region, by the demands there: only the followed-up pairs of those demands are read.
@Index('IDX_matches_contacted_demand', ['demandId'], { where: '"contacted_at" IS NOT NULL' })
// …and an organisation's workbench reads its achievements' open follow-ups, as it reads its demands'.
// Narrowed to the open states: on contacted_at alone PostgreSQL chose it over the covering index for
// the conversion report's cohort (bench/statistics: 110 → 570 ms).
@Index('IDX_matches_following_up_achievement', ['achievementId'], { where: `"contacted_at" IS NOT NULL AND "state" IN ('contacted', 'meeting', 'negotiating')` })
export class Match extends VersionedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'demand_id', type: 'uuid' })
  demandId: string;

  @ManyToOne(() => TechDemand, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'demand_id' })
  demand?: Relation<TechDemand>;

  @Column({ name: 'achievement_id', type: 'uuid' })
  achievementId: string;

  @ManyToOne(() => Achievement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'achievement_id' })
  achievement?: Relation<Achievement>;

  /** The versions of both items the score was computed on. */
  @Column({ name: 'demand_version', type: 'integer' })
  demandVersion: number;

  @Column({ name: 'achievement_version', type: 'integer' })
  achievementVersion: number;

  /** 0–100, as last computed (from either side). */
  @Column({ type: 'real' })
  score: number;

  /** The score ranking this pair in the demand's list; null when not among its top matches. */
  @Column({ name: 'demand_score', type: 'real', nullable: true })
  demandScore: number | null;

  @Column({ name: 'achievement_score', type: 'real', nullable: true })
  achievementScore: number | null;

  @Column({ type: 'jsonb' })
  components: StoredComponents;

  /** The complete explanation; redacted for each viewer when read. */
  @Column({ type: 'jsonb' })
  explanation: StoredExplanation;

  @Column({ name: 'weights_version', type: 'varchar', length: 32 })
  weightsVersion: string;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;

  @Column({ type: 'varchar', length: 16, default: 'suggested' })
  state: MatchState;

  @Column({ name: 'dismiss_reason', type: 'varchar', length: 500, nullable: true })
  dismissReason: string | null;

  /** The side that dismissed the pair: only it may restore it, back to the state it left. */
  @Column({ name: 'dismissed_by', type: 'varchar', length: 16, nullable: true })
  dismissedBy: 'demand' | 'achievement' | null;

  @Column({ name: 'dismissed_from', type: 'varchar', length: 16, nullable: true })
  dismissedFrom: MatchState | null;

  @Column({ name: 'state_changed_at', type: 'timestamptz', nullable: true })
  stateChangedAt: Date | null;

  @Column({ name: 'state_changed_by', type: 'uuid', nullable: true })
  stateChangedBy: string | null;

  /**
   * When the pair first reached each step of the pipeline (a step skipped counts as reached with
   * the later one): what the conversion figures count, since `state` only says where it is now.
   */
  @Column({ name: 'contacted_at', type: 'timestamptz', nullable: true })
  contactedAt: Date | null;

  @Column({ name: 'met_at', type: 'timestamptz', nullable: true })
  metAt: Date | null;

  @Column({ name: 'negotiated_at', type: 'timestamptz', nullable: true })
  negotiatedAt: Date | null;

  @Column({ name: 'dealt_at', type: 'timestamptz', nullable: true })
  dealtAt: Date | null;

  /**
   * Moves only when people act on the pair (its state): what an action's optimistic check compares,
   * so a score the worker recomputed meanwhile does not make a user's action stale.
   */
  @Column({ name: 'state_version', type: 'integer', default: 1 })
  stateVersion: number;
}
