import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Account } from '@app/users';

/**
 * A member's calendar subscription: at most one live feed per account, found by the SHA-256 of
 * its secret token (the token itself is never stored). Revoking deletes the row. Persistence
 * shape only.
 */
@Entity({ name: 'calendar_feeds' })
@Index('calendar_feeds_token_hash_uq', ['tokenHash'], { unique: true })
export class CalendarFeed {
  @PrimaryColumn({
    name: 'account_id',
    type: 'integer',
    primaryKeyConstraintName: 'calendar_feeds_pk',
  })
  accountId!: number;

  @OneToOne(() => Account, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'calendar_feeds_account_fk' })
  account!: Account;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
