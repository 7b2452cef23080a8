import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Organization } from './organization.entity';
import { User } from './user.entity';

/** A broker (技术经纪人) serves this organisation and may act for it. */
@Entity('broker_assignments')
export class BrokerAssignment {
  @PrimaryColumn({ name: 'broker_user_id', type: 'uuid' })
  brokerUserId: string;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'broker_user_id', foreignKeyConstraintName: 'FK_broker_assignments_broker' })
  broker?: Relation<User>;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_broker_assignments_organization' })
  organization?: Relation<Organization>;

  @Column({ name: 'assigned_by', type: 'uuid' })
  assignedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
