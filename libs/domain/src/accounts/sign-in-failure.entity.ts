import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Consecutive failed sign-ins per e-mail address, whether or not an account has it: an address
 * without one is locked out alike, so a lock-out tells no one which addresses have accounts.
 * A successful sign-in or a new password clears the address's row.
 */
@Entity('sign_in_failures')
export class SignInFailure {
  /** Normalised (lower-cased), as accounts store it. */
  @PrimaryColumn({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'int' })
  failures: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'last_failed_at', type: 'timestamptz' })
  lastFailedAt: Date;
}
