import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { User } from '../accounts/user.entity';

/**
 * A user's entry in the platform's expert pool (专家库): what they can judge. They enter it
 * themselves; an organizer approves the entry (入库) before others find it, so that owners of
 * 揭榜挂帅 challenges pick reviewers from people the platform vouches for.
 */
@Entity('expert_profiles')
export class ExpertProfile {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_expert_profiles_user' })
  user?: Relation<User>;

  /** 职称, e.g. 教授, 研究员, 正高级工程师. */
  @Column({ name: 'professional_title', type: 'varchar', length: 50 })
  professionalTitle: string;

  /** 技术领域 codes of the taxonomy, 1 to 5. */
  @Column({ name: 'field_codes', type: 'text', array: true })
  fieldCodes: string[];

  /** 研究方向 / 专长, in the expert's words. */
  @Column({ type: 'varchar', length: 500 })
  specialties: string;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
