import { isChildAge } from '@app/core';
import { BookingNotFoundOrCancelled, CreatorCannotLeave } from './booking.errors';

export interface CurrentParticipant {
  memberId: number;
  age: number;
}

/**
 * Pure rules of leaving an active booking: the creator cannot (they cancel instead); anyone
 * not taking part gets the 404 a stranger gets; a booking left without an adult ends, since
 * children never hold a booking alone (a private room's occupant leaving leaves nobody).
 */
export function planLeave(
  createdBy: number,
  participants: CurrentParticipant[],
  leaverId: number,
): { cancelsBooking: boolean } {
  if (createdBy === leaverId) throw new CreatorCannotLeave();
  if (!participants.some((p) => p.memberId === leaverId)) throw new BookingNotFoundOrCancelled();
  const adultsLeft = participants.filter((p) => p.memberId !== leaverId && !isChildAge(p.age));
  return { cancelsBooking: adultsLeft.length === 0 };
}
