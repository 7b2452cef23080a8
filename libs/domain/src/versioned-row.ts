import { CreateDateColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * A row people edit: when it was created and last changed, and a version for optimistic
 * concurrency (an update based on an older version is refused; clients send the one they read).
 */
export abstract class VersionedRow {
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
