import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** An office: its rooms and the time zone every time rule of their bookings is judged in. */
@Entity({ name: 'sites' })
@Check('sites_code_chk', `code ~ '^[A-Z0-9-]{1,10}$'`)
@Check('sites_name_chk', 'length(name) BETWEEN 1 AND 100')
@Unique('sites_code_uq', ['code'])
export class Site {
  @PrimaryGeneratedColumn('identity', {
    generatedIdentity: 'BY DEFAULT',
    primaryKeyConstraintName: 'sites_pk',
  })
  id!: number;

  @Column({ type: 'varchar', length: 10 })
  code!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  timezone!: string;

  /** Set to WORKSPACE_TIMEZONE at every start until an admin sets a zone (the migration's HQ). */
  @Column({ name: 'follows_workspace_timezone', type: 'boolean', default: false })
  followsWorkspaceTimezone!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
