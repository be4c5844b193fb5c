import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export const WAITLIST_STATUSES = ['WAITING', 'PROMOTED', 'EXPIRED', 'CANCELLED'] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];

/**
 * A request to be booked when its hours free up; kept with its outcome. Persistence shape
 * only (the waitlist reads and writes it with SQL); constraints mirror the migration. Its
 * claims table (waitlist_claims) has no entity, as room_claims and member_claims have none.
 */
@Entity({ name: 'waitlist_entries' })
@Check('waitlist_entries_room_type_chk', "room_type IN ('PRIVATE', 'CONFERENCE', 'SHARED_DESK')")
@Check('waitlist_entries_hours_chk', 'start_hour >= 9 AND end_hour <= 18 AND start_hour < end_hour')
@Check(
  'waitlist_entries_party_chk',
  "(room_type = 'PRIVATE' AND member_id IS NOT NULL AND team_id IS NULL AND member_ids IS NULL) OR (room_type = 'CONFERENCE' AND team_id IS NOT NULL AND member_id IS NULL AND member_ids IS NULL) OR (room_type = 'SHARED_DESK' AND member_ids IS NOT NULL AND member_id IS NULL AND team_id IS NULL)",
)
@Check(
  'waitlist_entries_status_chk',
  "(status = 'WAITING' AND closed_at IS NULL AND booking_id IS NULL) OR (status = 'PROMOTED' AND closed_at IS NOT NULL AND booking_id IS NOT NULL) OR (status IN ('EXPIRED', 'CANCELLED') AND closed_at IS NOT NULL AND booking_id IS NULL)",
)
@Index('waitlist_entries_waiting_idx', ['roomType', 'date', 'createdAt', 'id'], {
  where: "status = 'WAITING'",
})
@Index('waitlist_entries_created_by_idx', ['createdBy'])
export class WaitlistEntry {
  @PrimaryGeneratedColumn('identity', {
    generatedIdentity: 'BY DEFAULT',
    primaryKeyConstraintName: 'waitlist_entries_pk',
  })
  id!: number;

  @Column({ name: 'site_id', type: 'integer' })
  @ForeignKey('Site', { name: 'waitlist_entries_site_fk' })
  siteId!: number;

  @Column({ name: 'room_type', type: 'varchar', length: 20 })
  roomType!: string;

  @Column({ type: 'date' })
  date!: string;

  @Column({ name: 'start_hour', type: 'smallint' })
  startHour!: number;

  /** Exclusive. */
  @Column({ name: 'end_hour', type: 'smallint' })
  endHour!: number;

  /** PRIVATE: the occupant. */
  @Column({ name: 'member_id', type: 'integer', nullable: true })
  @ForeignKey('Member', { name: 'waitlist_entries_member_fk' })
  memberId!: number | null;

  /** CONFERENCE: the team. */
  @Column({ name: 'team_id', type: 'integer', nullable: true })
  @ForeignKey('Team', { name: 'waitlist_entries_team_fk' })
  teamId!: number | null;

  /** SHARED_DESK: the members, in the order asked for. */
  @Column({ name: 'member_ids', type: 'integer', array: true, nullable: true })
  memberIds!: number[] | null;

  @Column({ name: 'room_number', type: 'varchar', length: 10, nullable: true })
  roomNumber!: string | null;

  @Column({ type: 'varchar', length: 10, default: 'WAITING' })
  status!: WaitlistStatus;

  @Column({ name: 'created_by', type: 'integer' })
  @ForeignKey('Member', { name: 'waitlist_entries_created_by_fk' })
  createdBy!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When it stopped waiting (promoted, expired or withdrawn). */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** The booking made for it (PROMOTED). */
  @Column({ name: 'booking_id', type: 'varchar', length: 40, nullable: true })
  @ForeignKey('Booking', 'bookingId', { name: 'waitlist_entries_booking_fk' })
  bookingId!: string | null;
}
