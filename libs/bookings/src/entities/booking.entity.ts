import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

export const BOOKING_STATUSES = ['ACTIVE', 'CANCELLED', 'RELEASED'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/**
 * A booking is kept forever; cancelling flips the status and deletes its claims.
 * Persistence shape only: the booking engine reads and writes it with SQL. Constraints mirror
 * the migration (other libs' entities are referenced by name, so no import couples them).
 */
@Entity({ name: 'bookings' })
@Unique('bookings_booking_id_uq', ['bookingId'])
@Check('bookings_hours_chk', 'start_hour >= 9 AND end_hour <= 18 AND start_hour < end_hour')
@Check(
  'bookings_status_chk',
  "(status = 'ACTIVE' AND cancelled_at IS NULL AND released_at IS NULL) OR (status = 'CANCELLED' AND cancelled_at IS NOT NULL AND released_at IS NULL) OR (status = 'RELEASED' AND released_at IS NOT NULL AND cancelled_at IS NULL AND checked_in_at IS NULL)",
)
@Check('bookings_checked_in_chk', '(checked_in_at IS NULL) = (checked_in_by IS NULL)')
@Index('bookings_created_by_idx', ['createdBy'])
// The lists' order, INCLUDE (status): the schema builder cannot describe INCLUDE, so it is
// only declared (migration 1764580000000).
@Index('bookings_date_hour_room_idx', { synchronize: false })
@Index('bookings_room_idx', ['roomId'])
@Index('bookings_team_idx', ['teamId'], { where: 'team_id IS NOT NULL' })
// The release sweep's due no-shows (libs/bookings/src/no-show.sql.ts).
@Index('bookings_no_show_idx', ['date', 'startHour', 'id'], {
  where: "status = 'ACTIVE' AND checked_in_at IS NULL",
})
@Index('bookings_series_idx', ['seriesId'], { where: 'series_id IS NOT NULL' })
@Index('bookings_rescheduled_from_uq', ['rescheduledFrom'], {
  unique: true,
  where: 'rescheduled_from IS NOT NULL',
})
export class Booking {
  @PrimaryGeneratedColumn('identity', {
    generatedIdentity: 'BY DEFAULT',
    primaryKeyConstraintName: 'bookings_pk',
  })
  id!: number;

  /** Human id: BK + YYYYMMDD + HHMMSS + room number [+ -n]. */
  @Column({ name: 'booking_id', type: 'varchar', length: 40 })
  // Also bookings_booking_id_c_idx, on (booking_id COLLATE "C"): an expression index the
  // schema builder cannot describe, so it is only declared.
  @Index('bookings_booking_id_c_idx', { synchronize: false })
  bookingId!: string;

  @Column({ name: 'room_id', type: 'integer' })
  @ForeignKey('Room', { name: 'bookings_room_fk' })
  roomId!: number;

  /** The private-room occupant; null for conference and desk bookings. */
  @Column({ name: 'member_id', type: 'integer', nullable: true })
  @ForeignKey('Member', { name: 'bookings_member_fk' })
  memberId!: number | null;

  @Column({ name: 'team_id', type: 'integer', nullable: true })
  @ForeignKey('Team', { name: 'bookings_team_fk' })
  teamId!: number | null;

  @Column({ type: 'date' })
  date!: string;

  @Column({ name: 'start_hour', type: 'smallint' })
  startHour!: number;

  /** Exclusive. */
  @Column({ name: 'end_hour', type: 'smallint' })
  endHour!: number;

  @Column({ type: 'varchar', length: 10, default: 'ACTIVE' })
  status!: BookingStatus;

  @Column({ name: 'created_by', type: 'integer' })
  @ForeignKey('Member', { name: 'bookings_created_by_fk' })
  createdBy!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'cancelled_by', type: 'integer', nullable: true })
  @ForeignKey('Member', { name: 'bookings_cancelled_by_fk' })
  cancelledBy!: number | null;

  /** The booking_id of the booking this one was moved from (which the move cancelled). */
  @Column({ name: 'rescheduled_from', type: 'varchar', length: 40, nullable: true })
  @ForeignKey('Booking', 'bookingId', { name: 'bookings_rescheduled_from_fk' })
  rescheduledFrom!: string | null;

  /** The recurring series this booking is an occurrence of (SR...), else null. */
  @Column({ name: 'series_id', type: 'varchar', length: 32, nullable: true })
  @ForeignKey('BookingSeries', { name: 'bookings_series_id_fk' })
  seriesId!: string | null;

  @Column({ name: 'checked_in_at', type: 'timestamptz', nullable: true })
  checkedInAt!: Date | null;

  @Column({ name: 'checked_in_by', type: 'integer', nullable: true })
  @ForeignKey('Member', { name: 'bookings_checked_in_by_fk' })
  checkedInBy!: number | null;

  /** Set when a no-show was released (status RELEASED) and its hours freed. */
  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;

  /** Bumped by a trigger on every change of the booking (calendar SEQUENCE); never written by code. */
  @Column({ type: 'integer', default: 0 })
  revision!: number;
}
