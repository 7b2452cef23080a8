import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who did what, when, on behalf of whom: one row per write, in the write's own transaction. */
@Entity('audit_entries')
@Index('IDX_audit_entries_resource', ['resourceType', 'resourceId'])
export class AuditEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index('IDX_audit_entries_at')
  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  /** Null for actions by no signed-in user (registration, the bootstrap admin). */
  @Index('IDX_audit_entries_actor')
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  /** The organisation the action was done for. */
  @Index('IDX_audit_entries_organization')
  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId: string | null;

  /** Set when a broker acted for the organisation. */
  @Column({ name: 'broker_user_id', type: 'uuid', nullable: true })
  brokerUserId: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'resource_type', type: 'varchar', length: 32 })
  resourceType: string;

  @Column({ name: 'resource_id', type: 'varchar', length: 64, nullable: true })
  resourceId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;
}
