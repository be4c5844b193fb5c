import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { NormalisedRule } from '../recurrence';

/** A recurring series: what was asked and by whom; its occurrences are bookings with its id. */
@Entity({ name: 'booking_series' })
@Check('booking_series_id_chk', "id ~ '^SR[0-9A-Z]{10,30}$'")
@Check('booking_series_room_type_chk', "room_type IN ('PRIVATE', 'CONFERENCE', 'SHARED_DESK')")
@Check('booking_series_hours_chk', 'start_hour >= 9 AND end_hour <= 18 AND start_hour < end_hour')
@Index('booking_series_created_by_idx', ['createdBy'])
export class BookingSeries {
  @PrimaryColumn({ type: 'varchar', length: 32, primaryKeyConstraintName: 'booking_series_pk' })
  id!: string;

  @Column({ name: 'room_type', type: 'varchar', length: 20 })
  roomType!: string;

  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Column({ name: 'start_hour', type: 'smallint' })
  startHour!: number;

  @Column({ name: 'end_hour', type: 'smallint' })
  endHour!: number;

  @Column({ type: 'jsonb' })
  recurrence!: NormalisedRule;

  @Column({ name: 'created_by', type: 'integer' })
  @ForeignKey('Member', { name: 'booking_series_created_by_fk' })
  createdBy!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
