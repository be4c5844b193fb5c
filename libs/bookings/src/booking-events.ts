import { formatHour } from '@app/core';
import { WebhookEventData } from '@app/webhooks';
import type { CandidateRoom } from './allocation.policy';
import type { NewBooking } from './booking.repository';

/**
 * The `data` of the booking webhook events, snake_case as the API writes bookings. Built from
 * what the transaction writes, so no read is added to it.
 */
export function bookingCreatedData(
  plan: NewBooking,
  room: CandidateRoom,
  origin: { seriesId?: string | null; rescheduledFrom?: string | null } = {},
): WebhookEventData {
  return {
    booking_id: plan.bookingId,
    room_number: room.roomNumber,
    room_type: room.roomType,
    date: plan.date,
    time_slot: formatHour(plan.startHour),
    end_time: formatHour(plan.endHour),
    user_id: plan.memberId,
    team_id: plan.teamId,
    user_ids: plan.participants.map((p) => p.memberId),
    created_by: plan.createdBy,
    series_id: origin.seriesId ?? null,
    rescheduled_from: origin.rescheduledFrom ?? null,
  };
}

/** A booking that stopped (cancelled, released) or changed (checked in): who and when. */
export function bookingChangedData(
  booking: { bookingId: string; date: string; startHour: number; endHour: number },
  change: Record<string, unknown>,
): WebhookEventData {
  return {
    booking_id: booking.bookingId,
    date: booking.date,
    time_slot: formatHour(booking.startHour),
    end_time: formatHour(booking.endHour),
    ...change,
  };
}
