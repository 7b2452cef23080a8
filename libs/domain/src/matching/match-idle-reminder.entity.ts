import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Match } from './match.entity';

/**
 * 跟踪提醒: when both sides of a match were last reminded that its follow-up made no progress. Kept
 * beside `matches` rather than in it: rewriting a million-row table's followed-up rows daily would
 * undo the all-visible pages its reports read through the covering index.
 */
@Entity('match_idle_reminders')
export class MatchIdleReminder {
  @PrimaryColumn({ name: 'match_id', type: 'uuid' })
  matchId: string;

  @ManyToOne(() => Match, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'match_id' })
  match?: Relation<Match>;

  @Column({ name: 'reminded_at', type: 'timestamptz' })
  remindedAt: Date;
}
