import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { CatalogKind } from '../catalog/disclosure.entity';
import { Match } from './match.entity';

/** The longest message one side leaves the other on a match. */
export const MATCH_MESSAGE_MAX = 2000;

/**
 * 对接留言: what one side of a match writes to the other through the platform, which passes it
 * on without telling either side more of the other than the match itself does.
 */
@Entity('match_messages')
@Index('IDX_match_messages_match', ['matchId', 'createdAt'])
@Index('IDX_match_messages_unread', ['matchId'], { where: 'read_at IS NULL' })
export class MatchMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'match_id', type: 'uuid' })
  matchId: string;

  @ManyToOne(() => Match, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'match_id' })
  match?: Relation<Match>;

  /** The side that wrote it. */
  @Column({ type: 'varchar', length: 16 })
  side: CatalogKind;

  /** The organisation it wrote for, and who wrote it (a member, or a broker serving it). */
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'author_user_id', type: 'uuid' })
  authorUserId: string;

  @Column({ type: 'varchar', length: MATCH_MESSAGE_MAX })
  body: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When the other side first read it. */
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
