import { SLOT_HOURS } from '@app/core';
import { RoomType } from './allocation.policy';

/** Pure availability arithmetic over rooms and claim counts. */
export interface AvailabilityRoom {
  id: number;
  roomNumber: string;
  roomType: RoomType;
  capacity: number;
}

export interface RoomAvailability<R extends AvailabilityRoom> {
  room: R;
  /** Desks only: seats free in the hour. */
  freeSeats: number | null;
}

export interface TypeAvailability {
  count: number;
  roomNumbers: string[];
  /** Desks only: free seats summed over desks. */
  freeSeats?: number;
}

export interface HourAvailability {
  hour: number;
  byType: Record<RoomType, TypeAvailability>;
}

/** Claimed seats by room and hour, under claimKey: a number, not a string built per lookup. */
export type ClaimIndex = Map<number, number>;

/** One number per room-hour (hours are below 32). */
export const claimKey = (roomId: number, hour: number) => roomId * 32 + hour;

/** Is the room closed in the hour? */
export type ClosedAt = (roomId: number, hour: number) => boolean;

/** Closed hours of rooms by id, as masks: bit h set, closed in the hour h. */
export type ClosedMasks = Map<number, number>;

export function closedByMask(masks: ClosedMasks): ClosedAt {
  return (roomId, hour) => (((masks.get(roomId) ?? 0) >>> hour) & 1) === 1;
}

const neverClosed: ClosedAt = () => false;

/** Seats bookable in the hour: a desk's unclaimed ones, 1 for a whole room nobody claims. */
function openSeats(
  room: AvailabilityRoom,
  claimed: ClaimIndex,
  hour: number,
  isClosed: ClosedAt,
): number {
  if (isClosed(room.id, hour)) return 0;
  const used = claimed.get(claimKey(room.id, hour)) ?? 0;
  if (room.roomType === 'SHARED_DESK') return room.capacity - used;
  return used === 0 ? 1 : 0;
}

/**
 * Rooms still bookable in an hour: whole rooms with no claim, desks with a free seat; none
 * that is closed in the hour.
 */
export function freeRoomsAt<R extends AvailabilityRoom>(
  rooms: R[],
  claimed: ClaimIndex,
  hour: number,
  isClosed: ClosedAt = neverClosed,
): RoomAvailability<R>[] {
  const free: RoomAvailability<R>[] = [];
  for (const room of rooms) {
    const seats = openSeats(room, claimed, hour, isClosed);
    if (seats > 0) free.push({ room, freeSeats: room.roomType === 'SHARED_DESK' ? seats : null });
  }
  return free;
}

/**
 * The whole day, 09:00 to 17:00; hours not bookable any more show nothing free. One pass over
 * the rooms an hour, each free one straight into its type's bucket.
 */
export function dayAvailability(
  rooms: AvailabilityRoom[],
  claimed: ClaimIndex,
  isBookable: (hour: number) => boolean,
  isClosed: ClosedAt = neverClosed,
): HourAvailability[] {
  return SLOT_HOURS.map((hour) => {
    const byType: Record<RoomType, TypeAvailability> = {
      PRIVATE: { count: 0, roomNumbers: [] },
      CONFERENCE: { count: 0, roomNumbers: [] },
      SHARED_DESK: { count: 0, roomNumbers: [], freeSeats: 0 },
    };
    if (isBookable(hour)) {
      let deskSeats = 0;
      for (const room of rooms) {
        const seats = openSeats(room, claimed, hour, isClosed);
        if (seats <= 0) continue;
        byType[room.roomType].roomNumbers.push(room.roomNumber);
        if (room.roomType === 'SHARED_DESK') deskSeats += seats;
      }
      byType.PRIVATE.count = byType.PRIVATE.roomNumbers.length;
      byType.CONFERENCE.count = byType.CONFERENCE.roomNumbers.length;
      byType.SHARED_DESK.count = byType.SHARED_DESK.roomNumbers.length;
      byType.SHARED_DESK.freeSeats = deskSeats;
    }
    return { hour, byType };
  });
}
