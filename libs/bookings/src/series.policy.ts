import {
  Allocation,
  CandidateRoom,
  MemberClaim,
  NamedRoom,
  PartyMember,
  RoomType,
  SeatClaim,
  allocate,
} from './allocation.policy';
import { MemberDoubleBooked, OccurrenceRefusal, RoomClosed, SlotTaken } from './booking.errors';

/** Pure: which room each occurrence of a series gets, or why it cannot be booked. */
export interface SeriesAllocationInput {
  roomType: RoomType;
  hours: number[];
  party: PartyMember[];
  /** Rooms of the type, in allocation order (room number). */
  rooms: CandidateRoom[];
  dates: string[];
  claimsByDate: Map<
    string,
    {
      roomClaims: SeatClaim[];
      memberClaims: MemberClaim[];
      /** Rooms a closure covers in the hours on that date. */
      closedRoomIds?: Set<number>;
      closedRoomNumbers?: string[];
    }
  >;
  requiredRoom?: NamedRoom;
}

export type OccurrenceDecision =
  | { date: string; allocation: Allocation; refusal?: undefined }
  | { date: string; allocation?: undefined; refusal: OccurrenceRefusal };

const succeeds = (attempt: () => unknown): boolean => {
  try {
    attempt();
    return true;
  } catch {
    return false;
  }
};

/**
 * Every occurrence is allocated as a single booking would be, but the series prefers one room:
 * the first room (desk) of the type free for the party on every date (every date that can be
 * booked at all: with on_conflict skip the others are skipped anyway); only if there is none
 * does each date take the first room free that day. A date that cannot be booked gets the
 * refusal its single booking would have had (SLOT_TAKEN, MEMBER_DOUBLE_BOOKED); refusals that
 * do not depend on the date (party rules, a named room of another type) are thrown.
 */
export function allocateSeries(input: SeriesAllocationInput): OccurrenceDecision[] {
  type DateClaims = SeriesAllocationInput['claimsByDate'] extends Map<string, infer C> ? C : never;
  const noClaims: DateClaims = { roomClaims: [], memberClaims: [] };
  const attempt = (date: string, rooms: CandidateRoom[], preferredRoomId?: number) => {
    const { closedRoomIds, closedRoomNumbers, ...claims } =
      input.claimsByDate.get(date) ?? noClaims;
    const open = closedRoomIds?.size ? rooms.filter((r) => !closedRoomIds.has(r.id)) : rooms;
    // Closed on that date for every room there is: a closed date, not a taken one.
    if (open.length === 0 && rooms.length > 0 && !input.requiredRoom) {
      throw new RoomClosed(rooms.map((r) => r.roomNumber).join(', '));
    }
    return allocate({
      roomType: input.roomType,
      hours: input.hours,
      party: input.party,
      rooms: open,
      ...claims,
      closedRoomNumbers,
      requiredRoom: input.requiredRoom,
      preferredRoomId,
    });
  };
  // Dates nothing can be booked on are refused whatever the room; they do not break the tie.
  const bookable = input.dates.filter((d) => succeeds(() => attempt(d, input.rooms)));
  const preferred = input.requiredRoom
    ? undefined
    : input.rooms.find((room) => bookable.every((d) => succeeds(() => attempt(d, [room]))));
  return input.dates.map((date) => {
    try {
      return { date, allocation: attempt(date, input.rooms, preferred?.id) };
    } catch (error) {
      if (
        error instanceof SlotTaken ||
        error instanceof MemberDoubleBooked ||
        error instanceof RoomClosed
      ) {
        return { date, refusal: { date, code: error.code, detail: error.message } };
      }
      throw error;
    }
  });
}
