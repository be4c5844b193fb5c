import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The stored answer to one request sent with an Idempotency-Key; persistence shape only. */
@Entity({ name: 'idempotency_keys' })
@Check('idempotency_keys_key_chk', `key ~ '^[ -~]+$'`)
@Check('idempotency_keys_status_chk', 'status BETWEEN 200 AND 499')
@Index('idempotency_keys_expires_at_idx', ['expiresAt'])
export class IdempotencyRecord {
  @PrimaryColumn({
    name: 'account_id',
    type: 'integer',
    primaryKeyConstraintName: 'idempotency_keys_pk',
  })
  accountId!: number;

  @PrimaryColumn({ type: 'varchar', length: 255, primaryKeyConstraintName: 'idempotency_keys_pk' })
  key!: string;

  @Column({ type: 'char', length: 64 })
  fingerprint!: string;

  @Column({ type: 'smallint' })
  status!: number;

  /** The JSON text the client got, byte for byte. */
  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
