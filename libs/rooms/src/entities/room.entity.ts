import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ROOM_TYPES = ['PRIVATE', 'CONFERENCE', 'SHARED_DESK'] as const;
export type RoomType = (typeof ROOM_TYPES)[number];

@Entity({ name: 'rooms' })
export class Room {
  @PrimaryGeneratedColumn('identity', {
    generatedIdentity: 'BY DEFAULT',
    primaryKeyConstraintName: 'rooms_pk',
  })
  id!: number;

  @Column({ name: 'room_number', type: 'varchar', length: 10, unique: true })
  roomNumber!: string;

  @Column({ name: 'room_type', type: 'varchar', length: 20 })
  roomType!: RoomType;

  @Column({ type: 'smallint' })
  capacity!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
