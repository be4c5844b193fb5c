import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * Who took part in a booking (snapshot kept after cancellation); desk adults have a seat. A
 * participant who left keeps their row with `left_at` set and counts nowhere any more.
 */
@Entity({ name: 'booking_participants' })
@Index('booking_participants_member_idx', ['memberId'])
@Index('booking_participants_member_live_idx', ['memberId', 'bookingId'], {
  where: 'left_at IS NULL',
})
export class BookingParticipant {
  @PrimaryColumn({
    name: 'booking_id',
    type: 'integer',
    primaryKeyConstraintName: 'booking_participants_pk',
  })
  @ForeignKey('Booking', { name: 'booking_participants_booking_fk' })
  bookingId!: number;

  @PrimaryColumn({
    name: 'member_id',
    type: 'integer',
    primaryKeyConstraintName: 'booking_participants_pk',
  })
  @ForeignKey('Member', { name: 'booking_participants_member_fk' })
  memberId!: number;

  @Column({ name: 'seat_number', type: 'smallint', nullable: true })
  seatNumber!: number | null;

  @Column({ name: 'left_at', type: 'timestamptz', nullable: true })
  leftAt!: Date | null;
}
