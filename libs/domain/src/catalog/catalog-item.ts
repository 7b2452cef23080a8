import { Column, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Organization } from '../accounts/organization.entity';
import type { CooperationMode, Visibility } from '../codes/catalog-codes';
import { VersionedRow } from '../versioned-row';

/**
 * What demands and achievements share: ownership, classification, visibility, lifecycle
 * bookkeeping and the two search vectors: `search_full` holds every word, searched only by
 * callers who may read the details; `search_open`, set only for a confidential item, holds its
 * neutral face (neutral title and classification) for everyone else.
 */
export abstract class CatalogItem extends VersionedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Relation<Organization>;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  /** The owner's own reference (spreadsheet row id): re-importing a file updates instead of duplicating. */
  @Column({ name: 'external_ref', type: 'varchar', length: 64, nullable: true })
  externalRef: string | null;

  @Column({ type: 'varchar', length: 120 })
  title: string;

  /** What others see of a confidential item instead of the title. */
  @Column({ name: 'neutral_title', type: 'varchar', length: 120 })
  neutralTitle: string;

  @Index()
  @Column({ name: 'field_code', type: 'varchar', length: 40 })
  fieldCode: string;

  @Column({ name: 'chain_codes', type: 'text', array: true, default: () => "'{}'" })
  chainCodes: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords: string[];

  @Column({ name: 'cooperation_modes', type: 'text', array: true, default: () => "'{}'" })
  cooperationModes: CooperationMode[];

  /** GB/T 2260 code; a varchar so prefix filters (province 21…, city 2102…) use the index. */
  @Index()
  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  @Column({ type: 'varchar', length: 16 })
  visibility: Visibility;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  /** 违规下架: why the platform's operators archived it (null for an owner's own archive). */
  @Column({ name: 'takedown_reason', type: 'varchar', length: 500, nullable: true })
  takedownReason: string | null;

  @Column({ name: 'search_open', type: 'tsvector', select: false, nullable: true })
  searchOpen?: string;

  @Column({ name: 'search_full', type: 'tsvector', select: false, nullable: true })
  searchFull?: string;

  /** The version whose matches are stored (matching state: ready when it equals `version`). */
  @Column({ name: 'matched_version', type: 'integer', nullable: true })
  matchedVersion: number | null;

  @Column({ name: 'matched_at', type: 'timestamptz', nullable: true })
  matchedAt: Date | null;

  @Column({ name: 'matched_weights', type: 'varchar', length: 32, nullable: true })
  matchedWeights: string | null;

  /**
   * The matching reconciliation's retries (MatchingReconciler): the version they count for, how
   * many jobs it enqueued again for it, when it last did (or gave up), and, once it gave up on
   * that version, why (matching state: failed).
   */
  @Column({ name: 'matching_retry_version', type: 'integer', nullable: true })
  matchingRetryVersion: number | null;

  @Column({ name: 'matching_retries', type: 'integer', default: 0 })
  matchingRetries: number;

  @Column({ name: 'matching_retried_at', type: 'timestamptz', nullable: true })
  matchingRetriedAt: Date | null;

  @Column({ name: 'matching_failure', type: 'varchar', length: 500, nullable: true })
  matchingFailure: string | null;

  /**
   * The transaction that last changed the item (set by a trigger): worker processes keep their
   * in-memory match index current by reading what changed since their last snapshot.
   */
  @Index()
  @Column({ name: 'change_txid', type: 'bigint', select: false, nullable: true })
  changeTxid?: string;
}

/** The title someone not let into a confidential item reads: its neutral title; any other item's own. */
export const outsiderTitle = (item: Pick<CatalogItem, 'title' | 'neutralTitle' | 'visibility'>): string =>
  item.visibility === 'confidential' ? item.neutralTitle : item.title;
