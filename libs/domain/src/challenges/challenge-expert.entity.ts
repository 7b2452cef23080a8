import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../accounts/user.entity';
import { TechDemand } from '../catalog/tech-demand.entity';
import type { ReviewStage } from './challenge-application.entity';

/**
 * An expert (评审专家) appointed to score a challenge's applications at some of its stages
 * (专家科学论证). Experts score; the challenge's owner and the organizers still decide.
 */
@Entity('challenge_experts')
export class ChallengeExpert {
  @PrimaryColumn({ name: 'demand_id', type: 'uuid' })
  demandId: string;

  @ManyToOne(() => TechDemand, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'demand_id', foreignKeyConstraintName: 'FK_challenge_experts_demand' })
  demand?: Relation<TechDemand>;

  @Index('IDX_challenge_experts_user')
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_challenge_experts_user' })
  user?: Relation<User>;

  /** The stages this expert scores at, in review order. */
  @Column({ type: 'text', array: true })
  stages: ReviewStage[];

  @Column({ name: 'appointed_by', type: 'uuid' })
  appointedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
