import { RoomType } from './entities/room.entity';

export interface RoomSpec {
  roomNumber: string;
  roomType: RoomType;
  capacity: number;
}

const series = (prefix: string, count: number, roomType: RoomType, capacity: number): RoomSpec[] =>
  Array.from({ length: count }, (_, i) => ({
    roomNumber: `${prefix}${String(i + 1).padStart(2, '0')}`,
    roomType,
    capacity,
  }));

/** The workspace as delivered: P01-P08, C01-C04, S01-S03. */
export const DEFAULT_ROOMS: readonly RoomSpec[] = [
  ...series('P', 8, 'PRIVATE', 1),
  ...series('C', 4, 'CONFERENCE', 6),
  ...series('S', 3, 'SHARED_DESK', 4),
];

/** Whole rooms are claimed as seat 0; a shared desk has seats 1..capacity. */
export function seatNumbersOf(room: Pick<RoomSpec, 'roomType' | 'capacity'>): number[] {
  return room.roomType === 'SHARED_DESK'
    ? Array.from({ length: room.capacity }, (_, i) => i + 1)
    : [0];
}
