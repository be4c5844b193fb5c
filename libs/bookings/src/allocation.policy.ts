import { isChildAge } from '@app/core';
import {
  InvalidParty,
  MemberDoubleBooked,
  RoomClosed,
  RoomNotFound,
  RoomTypeMismatch,
  SlotTaken,
  TeamTooLarge,
  TeamTooSmall,
} from './booking.errors';

/**
 * Pure allocation rules: who may form a party for a room type, and which room and seats a
 * party gets given the claims already held. No I/O; the service feeds it what it read under
 * the room-day locks.
 */
export type RoomType = 'PRIVATE' | 'CONFERENCE' | 'SHARED_DESK';

export const MIN_CONFERENCE_TEAM = 3;
export const MAX_DESK_PARTY = 4;

export interface PartyMember {
  id: number;
  name: string;
  age: number;
}

export interface CandidateRoom {
  id: number;
  roomNumber: string;
  roomType: RoomType;
  capacity: number;
}

/** One claimed seat-hour: whole rooms are seat 0, desk seats 1..capacity. */
export interface SeatClaim {
  roomId: number;
  seatNumber: number;
  hour: number;
}

export interface MemberClaim {
  memberId: number;
  hour: number;
}

/** The room a request names, and the type of the room with that number (null: there is none). */
export interface NamedRoom {
  roomNumber: string;
  roomType: RoomType | null;
}

export interface AllocationInput {
  roomType: RoomType;
  hours: number[];
  party: PartyMember[];
  /** Rooms of the type, in allocation order (room number). */
  rooms: CandidateRoom[];
  roomClaims: SeatClaim[];
  memberClaims: MemberClaim[];
  /** The request names a room: that room or nothing. */
  requiredRoom?: NamedRoom;
  /** Tried first (a moved booking keeps its room when it is free); then the usual order. */
  preferredRoomId?: number;
  /** Rooms of the type that are inactive or closed in some of the hours (not in `rooms`). */
  closedRoomNumbers?: string[];
}

export interface Allocation {
  room: CandidateRoom;
  /** Seats claimed in every hour: [0] for a whole room, the desk seats otherwise. */
  claimedSeats: number[];
  /** Every party member; desk adults get their seat, everyone else null. */
  participants: { memberId: number; seatNumber: number | null }[];
}

const adultsOf = (party: PartyMember[]) => party.filter((m) => !isChildAge(m.age));

/** Party rules that need no claims (rules 3, 4 and 5 of the contract). */
export function checkParty(roomType: RoomType, party: PartyMember[]): void {
  const adults = adultsOf(party).length;
  switch (roomType) {
    case 'PRIVATE':
      if (party.length !== 1 || adults !== 1) {
        throw new InvalidParty('Private rooms require exactly one adult member.');
      }
      return;
    case 'CONFERENCE':
      if (party.length < MIN_CONFERENCE_TEAM) throw new TeamTooSmall();
      if (adults === 0) throw new InvalidParty('A booking needs at least one adult member.');
      return;
    case 'SHARED_DESK':
      if (party.length < 1 || party.length > MAX_DESK_PARTY) {
        throw new InvalidParty(`A shared desk booking takes 1 to ${MAX_DESK_PARTY} members.`);
      }
      if (adults === 0) throw new InvalidParty('A booking needs at least one adult member.');
      return;
  }
}

/**
 * A named room that is unknown or of another type first; then rule 7, so the message names
 * the member; then rules 4-6.
 */
export function allocate(input: AllocationInput): Allocation {
  checkParty(input.roomType, input.party);
  const rooms = candidateRooms(input);
  const busy = new Set(input.memberClaims.map((c) => c.memberId));
  const doubleBooked = input.party.find((m) => busy.has(m.id));
  if (doubleBooked) throw new MemberDoubleBooked(doubleBooked);

  return input.roomType === 'SHARED_DESK'
    ? allocateDesk(input, rooms)
    : allocateWholeRoom(input, rooms);
}

/** The rooms to try, in order: the named one only, else the preferred one first. */
function candidateRooms(input: AllocationInput): CandidateRoom[] {
  const ofType = input.rooms.filter((r) => r.roomType === input.roomType);
  const named = input.requiredRoom;
  if (named) {
    if (named.roomType !== null && named.roomType !== input.roomType) {
      throw new RoomTypeMismatch(named.roomNumber, named.roomType, input.roomType);
    }
    const room = ofType.find((r) => r.roomNumber === named.roomNumber);
    if (!room && input.closedRoomNumbers?.includes(named.roomNumber)) {
      throw new RoomClosed(named.roomNumber);
    }
    if (!room) throw new RoomNotFound(named.roomNumber);
    return [room];
  }
  const preferred = ofType.find((r) => r.id === input.preferredRoomId);
  return preferred ? [preferred, ...ofType.filter((r) => r !== preferred)] : ofType;
}

function allocateWholeRoom(input: AllocationInput, rooms: CandidateRoom[]): Allocation {
  const adults = adultsOf(input.party).length;
  const fitting = rooms.filter((r) => r.capacity >= adults);
  if (rooms.length > 0 && fitting.length === 0) {
    throw new TeamTooLarge(adults, Math.max(...rooms.map((r) => r.capacity)));
  }
  const hours = new Set(input.hours);
  const taken = new Set(input.roomClaims.filter((c) => hours.has(c.hour)).map((c) => c.roomId));
  const room = fitting.find((r) => !taken.has(r.id));
  if (!room) throw new SlotTaken();
  return {
    room,
    claimedSeats: [0],
    participants: input.party.map((m) => ({ memberId: m.id, seatNumber: null })),
  };
}

function allocateDesk(input: AllocationInput, desks: CandidateRoom[]): Allocation {
  const adults = adultsOf(input.party);
  const hours = new Set(input.hours);
  for (const desk of desks) {
    const taken = new Set(
      input.roomClaims
        .filter((c) => c.roomId === desk.id && hours.has(c.hour))
        .map((c) => c.seatNumber),
    );
    // A seat is free for the booking only if it is free in every hour of it.
    const free = Array.from({ length: desk.capacity }, (_, i) => i + 1).filter(
      (seat) => !taken.has(seat),
    );
    if (free.length < adults.length) continue;
    const seatOf = new Map(adults.map((m, i) => [m.id, free[i]]));
    return {
      room: desk,
      claimedSeats: free.slice(0, adults.length),
      participants: input.party.map((m) => ({
        memberId: m.id,
        seatNumber: seatOf.get(m.id) ?? null,
      })),
    };
  }
  throw new SlotTaken();
}
