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

  /** Null: WORKSPACE_TIMEZONE (the migration's HQ, until an admin gives it a zone). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  timezone!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
