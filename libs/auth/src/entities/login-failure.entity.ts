import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Consecutive failed logins of one username (by SHA-256 of its lower case); persistence shape only. */
@Entity({ name: 'login_failures' })
@Check('login_failures_failures_chk', 'failures > 0')
@Index('login_failures_last_failure_at_idx', ['lastFailureAt'])
export class LoginFailure {
  @PrimaryColumn({
    name: 'username_key',
    type: 'char',
    length: 64,
    primaryKeyConstraintName: 'login_failures_pk',
  })
  usernameKey!: string;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ name: 'last_failure_at', type: 'timestamptz' })
  lastFailureAt!: Date;
}
