import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Who took part in a booking (snapshot kept after cancellation); desk adults have a seat. */
@Entity({ name: 'booking_participants' })
@Index('booking_participants_member_idx', ['memberId'])
export class BookingParticipant {
  @PrimaryColumn({
    name: 'booking_id',
    type: 'integer',
    primaryKeyConstraintName: 'booking_participants_pk',
  })
  bookingId!: number;

  @PrimaryColumn({
    name: 'member_id',
    type: 'integer',
    primaryKeyConstraintName: 'booking_participants_pk',
  })
  memberId!: number;

  @Column({ name: 'seat_number', type: 'smallint', nullable: true })
  seatNumber!: number | null;
}
