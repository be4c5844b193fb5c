import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
} from 'typeorm';

/**
 * Hours [startHour, endHour) of the dates startDate..endDate in which a room (roomId) or every
 * room (roomId null) of one site (siteId) or of every site (both null) cannot be booked. Persistence shape only; mirrors the migration.
 */
@Entity({ name: 'room_closures' })
@Check('room_closures_dates_chk', 'end_date >= start_date AND end_date - start_date < 366')
@Check('room_closures_hours_chk', 'start_hour >= 9 AND end_hour <= 18 AND start_hour < end_hour')
@Check('room_closures_reason_chk', 'length(reason) BETWEEN 1 AND 200')
@Check('room_closures_site_chk', 'room_id IS NULL OR site_id IS NULL')
@Index('room_closures_end_date_idx', ['endDate', 'startDate'])
@Index('room_closures_room_idx', ['roomId'], { where: 'room_id IS NOT NULL' })
export class RoomClosure {
  @PrimaryGeneratedColumn('identity', {
    generatedIdentity: 'BY DEFAULT',
    primaryKeyConstraintName: 'room_closures_pk',
  })
  id!: number;

  @Column({ name: 'room_id', type: 'integer', nullable: true })
  @ForeignKey('Room', { name: 'room_closures_room_fk' })
  roomId!: number | null;

  @Column({ name: 'site_id', type: 'integer', nullable: true })
  @ForeignKey('Site', { name: 'room_closures_site_fk' })
  siteId!: number | null;

  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate!: string;

  @Column({ name: 'start_hour', type: 'smallint' })
  startHour!: number;

  /** Exclusive. */
  @Column({ name: 'end_hour', type: 'smallint' })
  endHour!: number;

  @Column({ type: 'varchar', length: 200 })
  reason!: string;

  @Column({ name: 'created_by', type: 'integer' })
  @ForeignKey('Member', { name: 'room_closures_created_by_fk' })
  createdBy!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
