import {
  Check,
  Column,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/**
 * The limits of one scope ('ALL' or a room type) of the company (siteId NULL) or of one site;
 * NULL: no limit. Persistence shape only; mirrors the migration.
 */
@Entity({ name: 'booking_policies' })
@Index('booking_policies_scope_uq', ['scope'], { unique: true, where: 'site_id IS NULL' })
@Index('booking_policies_site_scope_uq', ['siteId', 'scope'], {
  unique: true,
  where: 'site_id IS NOT NULL',
})
@Check('booking_policies_scope_chk', `scope IN ('ALL', 'PRIVATE', 'CONFERENCE', 'SHARED_DESK')`)
@Check(
  'booking_policies_limits_chk',
  `max_hours_per_day BETWEEN 0 AND 24 AND max_hours_per_week BETWEEN 0 AND 168
          AND max_active_bookings BETWEEN 0 AND 10000 AND min_notice_min BETWEEN 0 AND 527040
          AND cancel_cutoff_min BETWEEN 0 AND 527040`,
)
@Check(
  'booking_policies_open_weekdays_chk',
  'open_weekdays <@ ARRAY[1, 2, 3, 4, 5, 6, 7]::smallint[]',
)
export class BookingPolicy {
  @PrimaryGeneratedColumn('identity', {
    generatedIdentity: 'BY DEFAULT',
    primaryKeyConstraintName: 'booking_policies_pk',
  })
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  scope!: string;

  @Column({ name: 'site_id', type: 'integer', nullable: true })
  @ForeignKey('Site', { name: 'booking_policies_site_fk' })
  siteId!: number | null;

  @Column({ name: 'max_hours_per_day', type: 'smallint', nullable: true })
  maxHoursPerDay!: number | null;

  @Column({ name: 'max_hours_per_week', type: 'smallint', nullable: true })
  maxHoursPerWeek!: number | null;

  @Column({ name: 'max_active_bookings', type: 'integer', nullable: true })
  maxActiveBookings!: number | null;

  @Column({ name: 'min_notice_min', type: 'integer', nullable: true })
  minNoticeMin!: number | null;

  @Column({ name: 'cancel_cutoff_min', type: 'integer', nullable: true })
  cancelCutoffMin!: number | null;

  /** ISO weekday numbers, 1 = Monday. */
  @Column({ name: 'open_weekdays', type: 'smallint', array: true, nullable: true })
  openWeekdays!: number[] | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
