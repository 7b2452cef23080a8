import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique, UpdateDateColumn } from 'typeorm';
import { Organization } from '../accounts/organization.entity';
import { User } from '../accounts/user.entity';
import { Achievement } from '../catalog/achievement.entity';
import { decimalTransformer } from '../catalog/columns';
import { TechDemand } from '../catalog/tech-demand.entity';
import { codeList } from '../codes/code-list';
import { VersionedRow } from '../versioned-row';

/** The three review stages of a 揭榜挂帅 application, in order: 项目初评 → 现场考察 → 综合论证. */
export const ReviewStages = codeList({
  desk: '初评',
  site: '现场考察',
  panel: '综合论证',
});
export type ReviewStage = (typeof ReviewStages.codes)[number];

/** Under review at its stage until it is rejected, withdrawn by the applicant, or awarded (挂帅). */
export const ApplicationStatuses = codeList({
  under_review: '评审中',
  rejected: '未通过',
  withdrawn: '已撤回',
  awarded: '已挂帅',
});
export type ApplicationStatus = (typeof ApplicationStatuses.codes)[number];

/** One step of the applicant's plan: what it delivers by when. */
export interface Milestone {
  dueOn: string;
  deliverable: string;
}

/**
 * 揭榜申请: a team's proposal to solve a 揭榜挂帅 challenge (a demand posted as a challenge).
 * An organisation has at most one live application per challenge; a withdrawn one may be
 * followed by a new one.
 */
@Entity('challenge_applications')
@Index('UQ_challenge_applications_live', ['demandId', 'applicantOrganizationId'], { unique: true, where: `status <> 'withdrawn'` })
export class ChallengeApplication extends VersionedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The challenge (a demand with isChallenge). */
  @Index('IDX_challenge_applications_demand')
  @Column({ name: 'demand_id', type: 'uuid' })
  demandId: string;

  @ManyToOne(() => TechDemand, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'demand_id', foreignKeyConstraintName: 'FK_challenge_applications_demand' })
  demand?: Relation<TechDemand>;

  @Index('IDX_challenge_applications_applicant')
  @Column({ name: 'applicant_organization_id', type: 'uuid' })
  applicantOrganizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'applicant_organization_id', foreignKeyConstraintName: 'FK_challenge_applications_applicant' })
  applicant?: Relation<Organization>;

  /** The applicant's own achievement the proposal builds on, if any. */
  @Column({ name: 'achievement_id', type: 'uuid', nullable: true })
  achievementId: string | null;

  @ManyToOne(() => Achievement, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'achievement_id', foreignKeyConstraintName: 'FK_challenge_applications_achievement' })
  achievement?: Relation<Achievement>;

  /** 揭榜团队负责人. */
  @Column({ name: 'team_lead', type: 'varchar', length: 60 })
  teamLead: string;

  @Column({ name: 'team_members', type: 'text', array: true, default: () => "'{}'" })
  teamMembers: string[];

  /** 技术方案: how the team will meet the challenge's indicators. */
  @Column({ type: 'text' })
  proposal: string;

  /** 申请经费 (万元). */
  @Column({ name: 'budget_wan', type: 'numeric', precision: 12, scale: 2, transformer: decimalTransformer })
  budgetWan: number;

  /** 进度安排, in date order. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  milestones: Milestone[];

  @Column({ type: 'varchar', length: 16, default: 'desk' })
  stage: ReviewStage;

  @Index('IDX_challenge_applications_status')
  @Column({ type: 'varchar', length: 16, default: 'under_review' })
  status: ApplicationStatus;

  /** Why it was rejected or awarded, or why the applicant withdrew: shown to the applicant. */
  @Column({ name: 'decision_note', type: 'varchar', length: 1000, nullable: true })
  decisionNote: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'submitted_by', type: 'uuid' })
  submittedBy: string;

  /** 项目终止: the challenge's owner ended an awarded project before its plan was done; it stays awarded. */
  @Column({ name: 'terminated_at', type: 'timestamptz', nullable: true })
  terminatedAt: Date | null;

  /** Why the project was terminated: shown to the team and in the ledger. */
  @Column({ name: 'termination_reason', type: 'varchar', length: 1000, nullable: true })
  terminationReason: string | null;
}

/** One reviewer's score of an application at one stage; a reviewer may revise it until the stage is decided. */
@Entity('challenge_reviews')
@Unique('UQ_challenge_reviews_reviewer', ['applicationId', 'stage', 'reviewerId'])
@Check('CHK_challenge_reviews_score', 'score BETWEEN 0 AND 100')
export class ChallengeReview {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => ChallengeApplication, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'FK_challenge_reviews_application' })
  application?: Relation<ChallengeApplication>;

  @Column({ type: 'varchar', length: 16 })
  stage: ReviewStage;

  @Column({ name: 'reviewer_id', type: 'uuid' })
  reviewerId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reviewer_id', foreignKeyConstraintName: 'FK_challenge_reviews_reviewer' })
  reviewer?: Relation<User>;

  @Column({ type: 'smallint' })
  score: number;

  @Column({ type: 'varchar', length: 2000, default: '' })
  comment: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
