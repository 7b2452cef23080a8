import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation, UpdateDateColumn } from 'typeorm';
import type { CatalogKind } from '../catalog/disclosure.entity';
import { Match } from './match.entity';

export const FEEDBACK_VERDICTS = ['interested', 'not_relevant'] as const;
export type FeedbackVerdict = (typeof FEEDBACK_VERDICTS)[number];

/** One side's opinion of a match (the latest one counts); kept for tuning the weights. */
@Entity('match_feedback')
export class MatchFeedback {
  @PrimaryColumn({ name: 'match_id', type: 'uuid' })
  matchId: string;

  @ManyToOne(() => Match, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'match_id' })
  match?: Relation<Match>;

  /** Which side spoke: the demand's owner or the achievement's. */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  side: CatalogKind;

  @Column({ type: 'varchar', length: 16 })
  verdict: FeedbackVerdict;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The broker who gave it for the organisation, if one did. */
  @Column({ name: 'broker_user_id', type: 'uuid', nullable: true })
  brokerUserId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
