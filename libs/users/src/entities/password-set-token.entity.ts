import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A one-time set-password link (its SHA-256 only); mirrors the migration. */
@Entity({ name: 'password_set_tokens' })
@Index('password_set_tokens_account_idx', ['accountId'])
export class PasswordSetToken {
  @PrimaryColumn({
    name: 'token_hash',
    type: 'char',
    length: 64,
    primaryKeyConstraintName: 'password_set_tokens_pk',
  })
  tokenHash!: string;

  @Column({ name: 'account_id', type: 'integer' })
  @ForeignKey('Account', { name: 'password_set_tokens_account_fk', onDelete: 'CASCADE' })
  accountId!: number;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
