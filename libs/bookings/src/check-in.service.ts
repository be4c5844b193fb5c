import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditTrail } from '@app/audit';
import { APP_CONFIG, AppConfig, CLOCK, Clock, localMoment } from '@app/core';
import { IdempotencyKeys, IdempotentRequest } from '@app/idempotency';
import { Outbox } from '@app/webhooks';
import { bookingChangedData } from './booking-events';
import { BookingNotFoundOrCancelled } from './booking.errors';
import { BookingRepository } from './booking.repository';
import { Actor, BOOKING_ID_PATTERN, BookingView } from './booking.service';
import { CheckInForbidden } from './check-in.errors';
import { assertCheckInOpen } from './check-in.policy';
import { CheckInRepository } from './check-in.repository';

const MAX_BOOKING_ID_LENGTH = 40;

/**
 * Check-in: the creator, a current participant (occupant, desk member, team member) or an
 * admin confirms the booking is used, within its window; a booking checked in is never
 * released as a no-show.
 */
@Injectable()
export class CheckInService {
  constructor(
    private readonly checkIns: CheckInRepository,
    private readonly bookings: BookingRepository,
    private readonly idempotency: IdempotencyKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Lock the booking row (a racing release waits, or has released it: then 404), check who
   * asks, answer the same booking if it is checked in already, else check the window and mark
   * it, all in one transaction. Unknown, cancelled or released: 404 as for cancel; an active
   * booking the caller is not in: 403; outside the window: 409 CHECK_IN_CLOSED.
   */
  async checkIn(
    actor: Actor,
    bookingId: string,
    idempotent?: IdempotentRequest<BookingView>,
  ): Promise<BookingView> {
    if (bookingId.length > MAX_BOOKING_ID_LENGTH || !BOOKING_ID_PATTERN.test(bookingId)) {
      throw new BookingNotFoundOrCancelled();
    }
    return this.idempotency.transaction(
      idempotent,
      async (tx) => {
        const booking = await this.checkIns.lockForCheckIn(tx, bookingId, actor.memberId);
        if (!booking || booking.status !== 'ACTIVE') throw new BookingNotFoundOrCancelled();
        const mayCheckIn =
          actor.isAdmin || booking.createdBy === actor.memberId || booking.callerTakesPart;
        if (!mayCheckIn) throw new CheckInForbidden();
        if (booking.checkedInAt === null) {
          // "Now" read under the lock: a release that won the row has already made this a 404.
          const now = this.clock.now();
          // The window is judged in the zone of the room's site.
          assertCheckInOpen(booking, localMoment(now, booking.siteTimezone), {
            checkInOpensMinutes: this.config.checkInOpensMinutes,
            autoReleaseAfterMinutes: this.config.autoReleaseAfterMinutes,
          });
          await this.checkIns.markCheckedIn(tx, booking.id, now, actor.memberId, [
            Outbox.call(
              'booking.checked_in',
              bookingChangedData(
                { ...booking, bookingId },
                { checked_in_at: now.toISOString(), checked_in_by: actor.memberId },
              ),
            ),
            AuditTrail.call({
              actorId: actor.memberId,
              action: 'booking.checked_in',
              entity: 'booking',
              entityId: bookingId,
              data: { checked_in_at: now.toISOString() },
            }),
          ]);
        }
        return this.viewOf(tx.manager, bookingId);
      },
      { retries: 2 },
    );
  }

  /** The booking as it now stands in this transaction, with its current participants. */
  private async viewOf(manager: EntityManager, bookingId: string): Promise<BookingView> {
    const record = await this.bookings.findVisibleBooking(manager, bookingId, null);
    if (!record) throw new BookingNotFoundOrCancelled();
    const participants = await this.bookings.findParticipants(manager, [record.id]);
    return { ...record, participants };
  }
}
