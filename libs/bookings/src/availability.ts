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

const key = (roomId: number, hour: number) => `${roomId}:${hour}`;

export function claimIndex(claims: { roomId: number; hour: number; claimed: number }[]) {
  return new Map(claims.map((c) => [key(c.roomId, c.hour), c.claimed]));
}

/** Hours [startHour, endHour) in which a room (roomId null: every room) is closed. */
export interface ClosedHours {
  roomId: number | null;
  startHour: number;
  endHour: number;
}

/** Is the room closed in the hour? */
export type ClosedAt = (roomId: number, hour: number) => boolean;

export function closedAt(closures: ClosedHours[]): ClosedAt {
  return (roomId, hour) =>
    closures.some(
      (c) => (c.roomId === null || c.roomId === roomId) && hour >= c.startHour && hour < c.endHour,
    );
}

const neverClosed: ClosedAt = () => false;

/**
 * Rooms still bookable in an hour: whole rooms with no claim, desks with a free seat; none
 * that is closed in the hour.
 */
export function freeRoomsAt<R extends AvailabilityRoom>(
  rooms: R[],
  claimed: Map<string, number>,
  hour: number,
  isClosed: ClosedAt = neverClosed,
): RoomAvailability<R>[] {
  const free: RoomAvailability<R>[] = [];
  for (const room of rooms) {
    if (isClosed(room.id, hour)) continue;
    const used = claimed.get(key(room.id, hour)) ?? 0;
    if (room.roomType === 'SHARED_DESK') {
      const freeSeats = Math.max(room.capacity - used, 0);
      if (freeSeats > 0) free.push({ room, freeSeats });
    } else if (used === 0) {
      free.push({ room, freeSeats: null });
    }
  }
  return free;
}

/** The whole day, 09:00 to 17:00; hours not bookable any more show nothing free. */
export function dayAvailability(
  rooms: AvailabilityRoom[],
  claimed: Map<string, number>,
  isBookable: (hour: number) => boolean,
  isClosed: ClosedAt = neverClosed,
): HourAvailability[] {
  return SLOT_HOURS.map((hour) => {
    const free = isBookable(hour) ? freeRoomsAt(rooms, claimed, hour, isClosed) : [];
    const ofType = (type: RoomType) => free.filter((f) => f.room.roomType === type);
    const summary = (type: RoomType): TypeAvailability => ({
      count: ofType(type).length,
      roomNumbers: ofType(type).map((f) => f.room.roomNumber),
    });
    return {
      hour,
      byType: {
        PRIVATE: summary('PRIVATE'),
        CONFERENCE: summary('CONFERENCE'),
        SHARED_DESK: {
          ...summary('SHARED_DESK'),
          freeSeats: ofType('SHARED_DESK').reduce((sum, f) => sum + (f.freeSeats ?? 0), 0),
        },
      },
    };
  });
}
