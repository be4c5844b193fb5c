import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const BOOKING_STATUSES = ['ACTIVE', 'CANCELLED'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/**
 * A booking is kept forever; cancelling flips the status and deletes its claims.
 * Persistence shape only: the booking engine reads and writes it with SQL.
 */
@Entity({ name: 'bookings' })
@Index('bookings_created_by_idx', ['createdBy'])
@Index('bookings_date_idx', ['date', 'startHour'])
export class Booking {
  @PrimaryGeneratedColumn('identity', {
    generatedIdentity: 'BY DEFAULT',
    primaryKeyConstraintName: 'bookings_pk',
  })
  id!: number;

  /** Human id: BK + YYYYMMDD + HHMMSS + room number [+ -n]. */
  @Column({ name: 'booking_id', type: 'varchar', length: 40 })
  @Index('bookings_booking_id_uq', { unique: true })
  bookingId!: string;

  @Column({ name: 'room_id', type: 'integer' })
  roomId!: number;

  /** The private-room occupant; null for conference and desk bookings. */
  @Column({ name: 'member_id', type: 'integer', nullable: true })
  memberId!: number | null;

  @Column({ name: 'team_id', type: 'integer', nullable: true })
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
  createdBy!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'cancelled_by', type: 'integer', nullable: true })
  cancelledBy!: number | null;
}
