import { SLOT_HOURS } from '@app/core';
import type { RoomType } from './allocation.policy';
import {
  AvailabilityRoom,
  ClaimIndex,
  ClosedMasks,
  RoomAvailability,
  claimKey,
  closedByMask,
  dayAvailability,
  freeRoomsAt,
} from './availability';

/** Hours [startHour, endHour) in which a room (roomId null: every room) is closed. */
interface ClosedHours {
  roomId: number | null;
  startHour: number;
  endHour: number;
}

const claimIndex = (claims: { roomId: number; hour: number; claimed: number }[]): ClaimIndex =>
  new Map(claims.map((c) => [claimKey(c.roomId, c.hour), c.claimed]));

/** The closures as the availability read gives them: one mask per room of `rooms`. */
function masksOf(rooms: AvailabilityRoom[], closures: ClosedHours[]): ClosedMasks {
  const masks: ClosedMasks = new Map();
  for (const c of closures) {
    const hours = ((1 << c.endHour) - 1) & ~((1 << c.startHour) - 1);
    for (const r of rooms) {
      if (c.roomId === null || c.roomId === r.id) masks.set(r.id, (masks.get(r.id) ?? 0) | hours);
    }
  }
  return masks;
}

const room = (id: number, roomType: RoomType, capacity = 1): AvailabilityRoom => ({
  id,
  roomNumber: `${roomType[0]}${String(id).padStart(2, '0')}`,
  roomType,
  capacity,
});

/** The arithmetic as it was written before (string keys, a filter per type): the oracle. */
function reference(
  rooms: AvailabilityRoom[],
  claims: { roomId: number; hour: number; claimed: number }[],
  closures: ClosedHours[],
  bookable: (hour: number) => boolean,
) {
  const claimed = new Map(claims.map((c) => [`${c.roomId}:${c.hour}`, c.claimed]));
  const closed = (id: number, hour: number) =>
    closures.some(
      (c) => (c.roomId === null || c.roomId === id) && hour >= c.startHour && hour < c.endHour,
    );
  const freeAt = (hour: number) =>
    rooms.flatMap((r): RoomAvailability<AvailabilityRoom>[] => {
      if (closed(r.id, hour)) return [];
      const used = claimed.get(`${r.id}:${hour}`) ?? 0;
      if (r.roomType === 'SHARED_DESK')
        return r.capacity - used > 0 ? [{ room: r, freeSeats: r.capacity - used }] : [];
      return used === 0 ? [{ room: r, freeSeats: null }] : [];
    });
  return SLOT_HOURS.map((hour) => {
    const free = bookable(hour) ? freeAt(hour) : [];
    const of = (t: RoomType) => free.filter((f) => f.room.roomType === t);
    const summary = (t: RoomType) => ({
      count: of(t).length,
      roomNumbers: of(t).map((f) => f.room.roomNumber),
    });
    return {
      hour,
      free,
      byType: {
        PRIVATE: summary('PRIVATE'),
        CONFERENCE: summary('CONFERENCE'),
        SHARED_DESK: {
          ...summary('SHARED_DESK'),
          freeSeats: of('SHARED_DESK').reduce((s, f) => s + (f.freeSeats ?? 0), 0),
        },
      },
    };
  });
}

describe('availability arithmetic', () => {
  const rooms = [room(1, 'PRIVATE'), room(2, 'CONFERENCE', 8), room(3, 'SHARED_DESK', 4)];

  it('a whole room with any claim is taken; a desk is free while a seat is', () => {
    const claimed = claimIndex([
      { roomId: 1, hour: 10, claimed: 1 },
      { roomId: 2, hour: 10, claimed: 3 },
      { roomId: 3, hour: 10, claimed: 3 },
      { roomId: 3, hour: 11, claimed: 4 },
    ]);
    expect(freeRoomsAt(rooms, claimed, 10)).toEqual([{ room: rooms[2], freeSeats: 1 }]);
    expect(freeRoomsAt(rooms, claimed, 11)).toEqual([
      { room: rooms[0], freeSeats: null },
      { room: rooms[1], freeSeats: null },
    ]);
  });

  it('claims of one room-hour do not leak into another room or hour', () => {
    const claimed = claimIndex([{ roomId: 2, hour: 9, claimed: 1 }]);
    expect(freeRoomsAt([room(1, 'PRIVATE')], claimed, 9)).toHaveLength(1);
    expect(freeRoomsAt([room(2, 'PRIVATE')], claimed, 10)).toHaveLength(1);
    expect(freeRoomsAt([room(2, 'PRIVATE')], claimed, 9)).toHaveLength(0);
  });

  it('closures: bit h of a room mask closes the hour h, for that room only', () => {
    const byMask = closedByMask(new Map([[1, (1 << 9) | (1 << 10)]]));
    expect([8, 9, 10, 11].map((h) => byMask(1, h))).toEqual([false, true, true, false]);
    expect(byMask(2, 9)).toBe(false);
    const closed = closedByMask(new Map([[1, 1 << 10]]));
    expect(freeRoomsAt(rooms, claimIndex([]), 10, closed)).toEqual([
      { room: rooms[1], freeSeats: null },
      { room: rooms[2], freeSeats: 4 },
    ]);
  });

  it('a day: nothing free in hours not bookable, desk seats summed', () => {
    const day = dayAvailability(
      [...rooms, room(4, 'SHARED_DESK', 2)],
      claimIndex([{ roomId: 3, hour: 12, claimed: 1 }]),
      (h) => h >= 12,
    );
    expect(day).toHaveLength(9);
    expect(day[0].byType).toEqual({
      PRIVATE: { count: 0, roomNumbers: [] },
      CONFERENCE: { count: 0, roomNumbers: [] },
      SHARED_DESK: { count: 0, roomNumbers: [], freeSeats: 0 },
    });
    expect(day[3].byType).toEqual({
      PRIVATE: { count: 1, roomNumbers: ['P01'] },
      CONFERENCE: { count: 1, roomNumbers: ['C02'] },
      SHARED_DESK: { count: 2, roomNumbers: ['S03', 'S04'], freeSeats: 5 },
    });
  });

  it('matches the former arithmetic on random sites', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const types: RoomType[] = ['PRIVATE', 'CONFERENCE', 'SHARED_DESK'];
    for (let run = 0; run < 200; run++) {
      const site = Array.from({ length: 1 + rand(30) }, (_, i) =>
        room(100 + i * (1 + rand(50)), types[rand(3)], 1 + rand(8)),
      );
      const claims = site.flatMap((r) =>
        SLOT_HOURS.filter(() => rand(3) === 0).map((hour) => ({
          roomId: r.id,
          hour,
          claimed: 1 + rand(r.capacity),
        })),
      );
      const closures: ClosedHours[] = Array.from({ length: rand(3) }, () => {
        const startHour = 9 + rand(9);
        return {
          roomId: rand(4) === 0 ? null : site[rand(site.length)].id,
          startHour,
          endHour: startHour + 1 + rand(18 - startHour),
        };
      });
      const from = 9 + rand(10);
      const bookable = (h: number) => h >= from;
      const expected = reference(site, claims, closures, bookable);
      const claimed = claimIndex(claims);
      const isClosed = closedByMask(masksOf(site, closures));
      expect(dayAvailability(site, claimed, bookable, isClosed)).toEqual(
        expected.map(({ hour, byType }) => ({ hour, byType })),
      );
      const bookableHours = expected.filter(({ hour }) => bookable(hour));
      expect(bookableHours.map(({ hour }) => freeRoomsAt(site, claimed, hour, isClosed))).toEqual(
        bookableHours.map(({ free }) => free),
      );
    }
  });
});
