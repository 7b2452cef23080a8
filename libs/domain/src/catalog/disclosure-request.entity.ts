import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Organization } from '../accounts/organization.entity';
import { codeList } from '../codes/code-list';
import { VersionedRow } from '../versioned-row';
import type { CatalogKind } from './disclosure.entity';

/**
 * Pending until the item's owner approves (its details are then disclosed) or declines, or the
 * requester withdraws; lapsed when the item leaves the catalogue (archived, or taken down by the
 * platform) before anyone decided: not the owner's answer, so the requester may ask again should it return.
 */
export const DisclosureRequestStatuses = codeList({
  pending: '待处理',
  approved: '已同意',
  declined: '未同意',
  withdrawn: '已撤回',
  lapsed: '已失效',
});
export type DisclosureRequestStatus = (typeof DisclosureRequestStatuses.codes)[number];

/**
 * 申请查看详情: an organisation that sees only a confidential item's neutral face asks its owner
 * to disclose the details (staged disclosure). At most one request per organisation and item
 * is pending; after a decision or a withdrawal it may ask again.
 */
@Entity('disclosure_requests')
@Index('UQ_disclosure_requests_pending', ['itemKind', 'itemId', 'requesterOrganizationId'], { unique: true, where: `status = 'pending'` })
@Index('IDX_disclosure_requests_owner', ['ownerOrganizationId', 'createdAt'])
@Index('IDX_disclosure_requests_requester', ['requesterOrganizationId', 'createdAt'])
export class DisclosureRequest extends VersionedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'item_kind', type: 'varchar', length: 16 })
  itemKind: CatalogKind;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  /** The item's owner when asked (items never change hands), kept so each side's list is one index scan. */
  @Column({ name: 'owner_organization_id', type: 'uuid' })
  ownerOrganizationId: string;

  @Column({ name: 'requester_organization_id', type: 'uuid' })
  requesterOrganizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'requester_organization_id', foreignKeyConstraintName: 'FK_disclosure_requests_requester' })
  requester?: Relation<Organization>;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  /** Why the requester wants the details (what it could offer): shown to the owner. */
  @Column({ type: 'varchar', length: 1000, default: '' })
  message: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: DisclosureRequestStatus;

  /** The owner's reason for declining (shown to the requester), the requester's for withdrawing, or why it lapsed. */
  @Column({ name: 'decision_note', type: 'varchar', length: 500, nullable: true })
  decisionNote: string | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}
