import { Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** The lock row of a room on a date: created on demand, then taken FOR UPDATE by bookings. */
@Entity({ name: 'room_days' })
export class RoomDay {
  @PrimaryColumn({ name: 'room_id', type: 'integer', primaryKeyConstraintName: 'room_days_pk' })
  @ForeignKey('Room', { name: 'room_days_room_fk', onDelete: 'CASCADE' })
  roomId!: number;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'room_days_pk' })
  date!: string;
}
