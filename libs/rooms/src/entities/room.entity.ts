import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { Site } from './site.entity';

export const ROOM_TYPES = ['PRIVATE', 'CONFERENCE', 'SHARED_DESK'] as const;
export type RoomType = (typeof ROOM_TYPES)[number];

@Entity({ name: 'rooms' })
@Check('rooms_room_type_chk', `room_type IN ('PRIVATE', 'CONFERENCE', 'SHARED_DESK')`)
@Check('rooms_capacity_chk', 'capacity BETWEEN 1 AND 100')
@Check('rooms_room_number_chk', `room_number ~ '^[A-Z0-9-]{1,10}$'`)
@Check(
  'rooms_capacity_by_type_chk',
  `(room_type = 'PRIVATE' AND capacity = 1) OR (room_type = 'CONFERENCE' AND capacity BETWEEN 3 AND 50) OR (room_type = 'SHARED_DESK' AND capacity BETWEEN 1 AND 12)`,
)
@Unique('rooms_site_room_number_uq', ['siteId', 'roomNumber'])
@Index('rooms_site_type_idx', ['siteId', 'roomType', 'id'])
export class Room {
  @PrimaryGeneratedColumn('identity', {
    generatedIdentity: 'BY DEFAULT',
    primaryKeyConstraintName: 'rooms_pk',
  })
  id!: number;

  @Column({ name: 'site_id', type: 'integer' })
  siteId!: number;

  @ManyToOne(() => Site, { nullable: false })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'rooms_site_fk' })
  site?: Site;

  @Column({ name: 'room_number', type: 'varchar', length: 10 })
  roomNumber!: string;

  @Column({ name: 'room_type', type: 'varchar', length: 20 })
  roomType!: RoomType;

  @Column({ type: 'smallint' })
  capacity!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** An inactive room is listed but never allocated nor shown free. */
  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;
}
