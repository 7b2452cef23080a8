import { Organization } from './organization.entity';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';

/** Platform-wide roles, granted by admins. Membership roles live on the user's organisation. */
export const PLATFORM_ROLES = ['admin', 'organizer', 'broker'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/** A user's role inside their own organisation: owners and admins manage members and invitations. */
export const MEMBER_ROLES = ['owner', 'admin', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** Owners outrank admins, who outrank members: one may act on the account or role only of a lower rank. */
export const MEMBER_RANK: Readonly<Record<MemberRole, number>> = { owner: 3, admin: 2, member: 1 };

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased: e-mail addresses are compared case-insensitively. */
  @Index('UQ_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName: string;

  @Index('IDX_users_organization')
  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId: string | null;

  @ManyToOne(() => Organization, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_users_organization' })
  organization?: Relation<Organization>;

  @Column({ name: 'member_role', type: 'varchar', length: 16, default: 'member' })
  memberRole: MemberRole;

  @Column({ name: 'platform_roles', type: 'text', array: true, default: () => "'{}'" })
  platformRoles: PlatformRole[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** When its user closed the account (注销): it stays inactive for good. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  /** A daily e-mail of the organisation's unread notices (通知邮件), when mail is configured. */
  @Column({ name: 'notice_digest', type: 'boolean', default: false })
  noticeDigest: boolean;

  /** Notices created after this are the next digest's (set when turned on, and by each digest sent). */
  @Column({ name: 'notice_digest_since', type: 'timestamptz', nullable: true })
  noticeDigestSince: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
