import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { Achievement } from '../catalog/achievement.entity';
import { VersionedRow } from '../versioned-row';
import { MatchmakingEvent } from './event.entity';
import { EventParticipant } from './participant.entity';

/** The most pitches on one event's stage. */
export const PITCHES_PER_EVENT = 100;

/**
 * 路演: a participant presents one of its achievements on the event's stage at a set time. The
 * organizers compose the programme; the audience (the other approved participants) register
 * interest, which the presenter follows up.
 */
@Entity('roadshow_pitches')
@Unique('UQ_roadshow_pitches_achievement', ['eventId', 'achievementId'])
@Index('IDX_roadshow_pitches_event_start', ['eventId', 'startsAt'])
export class RoadshowPitch extends VersionedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => MatchmakingEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'FK_roadshow_pitches_event' })
  event?: Relation<MatchmakingEvent>;

  /** The presenting participant. */
  @Index('IDX_roadshow_pitches_participant')
  @Column({ name: 'participant_id', type: 'uuid' })
  participantId: string;

  @ManyToOne(() => EventParticipant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'FK_roadshow_pitches_participant' })
  participant?: Relation<EventParticipant>;

  @Index('IDX_roadshow_pitches_achievement')
  @Column({ name: 'achievement_id', type: 'uuid' })
  achievementId: string;

  @ManyToOne(() => Achievement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'achievement_id', foreignKeyConstraintName: 'FK_roadshow_pitches_achievement' })
  achievement?: Relation<Achievement>;

  /** 路演题目, as announced (the achievement's title unless the organizers give another). */
  @Column({ type: 'varchar', length: 120 })
  title: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'integer' })
  minutes: number;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;
}

/** 意向登记: an approved participant wants to follow up a pitch (once per pitch; the message may change). */
@Entity('roadshow_interests')
@Unique('UQ_roadshow_interests_participant', ['pitchId', 'participantId'])
export class RoadshowInterest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'pitch_id', type: 'uuid' })
  pitchId: string;

  @ManyToOne(() => RoadshowPitch, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pitch_id', foreignKeyConstraintName: 'FK_roadshow_interests_pitch' })
  pitch?: Relation<RoadshowPitch>;

  @Index('IDX_roadshow_interests_participant')
  @Column({ name: 'participant_id', type: 'uuid' })
  participantId: string;

  @ManyToOne(() => EventParticipant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'FK_roadshow_interests_participant' })
  participant?: Relation<EventParticipant>;

  @Column({ type: 'varchar', length: 500, nullable: true })
  message: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
