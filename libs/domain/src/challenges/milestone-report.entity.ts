import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../accounts/user.entity';
import { codeList } from '../codes/code-list';
import { ChallengeApplication } from './challenge-application.entity';

/** What the awarded team reports about one milestone of its plan. */
export const MilestoneReportKinds = codeList({
  progress: '进展',
  delay: '延期',
  completion: '完成',
});
export type MilestoneReportKind = (typeof MilestoneReportKinds.codes)[number];

/** The challenge owner's answer to a completion report: 验收 or sent back. */
export const MilestoneDecisions = codeList({
  accepted: '已验收',
  returned: '已退回',
});
export type MilestoneDecision = (typeof MilestoneDecisions.codes)[number];

/**
 * One entry of an awarded challenge project's ledger (专项工作台账): the team reports progress,
 * a delay with a revised date, or completion, which the challenge's owner accepts or returns.
 */
@Entity('milestone_reports')
@Index('IDX_milestone_reports_application', ['applicationId', 'createdAt'])
export class MilestoneReport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => ChallengeApplication, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'FK_milestone_reports_application' })
  application?: Relation<ChallengeApplication>;

  /** 1-based position of the milestone in the application's plan. */
  @Column({ name: 'milestone_no', type: 'smallint' })
  milestoneNo: number;

  @Column({ type: 'varchar', length: 16 })
  kind: MilestoneReportKind;

  @Column({ type: 'varchar', length: 2000 })
  note: string;

  /** For a delay: the day the milestone is now due. */
  @Column({ name: 'revised_due_on', type: 'date', nullable: true })
  revisedDueOn: string | null;

  @Column({ name: 'reported_by', type: 'uuid' })
  reportedBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reported_by', foreignKeyConstraintName: 'FK_milestone_reports_reporter' })
  reporter?: Relation<User>;

  @Column({ type: 'varchar', length: 16, nullable: true })
  decision: MilestoneDecision | null;

  @Column({ name: 'decision_note', type: 'varchar', length: 1000, nullable: true })
  decisionNote: string | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
