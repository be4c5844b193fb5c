import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, BookingService } from '@app/bookings';
import { addDays, APP_CONFIG, AppConfig, CLOCK, Clock, localMoment } from '@app/core';
import { CalendarBooking, renderCalendar } from './booking-ics';
import { CalendarFeedNotFound } from './calendar.errors';
import { CalendarRepository } from './calendar.repository';
import { hashOfFeedToken, isWellFormedFeedToken, issueFeedToken } from './feed-token';

/** A feed shows bookings from this many days ago on. */
export const FEED_PAST_DAYS = 30;

export const FEED_NAME = 'Workspace bookings';

/** iCalendar copies of bookings: one booking, or a member's subscription feed. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: CalendarRepository,
    private readonly bookings: BookingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The booking as one VEVENT, for whoever may read it (else BookingNotFound, a 404). */
  async bookingCalendar(actor: Actor, bookingId: string): Promise<string> {
    // The revision is read before the booking, so the SEQUENCE never runs ahead of the data a
    // client gets: a change in between shows up with a higher SEQUENCE on the next fetch.
    const stored = await this.calendars.findRevision(this.dataSource.manager, bookingId);
    const view = await this.bookings.getBooking(actor, bookingId);
    const booking: CalendarBooking = {
      bookingId: view.bookingId,
      roomNumber: view.room.roomNumber,
      roomType: view.room.roomType,
      teamName: view.team?.name ?? null,
      date: view.date,
      startHour: view.startHour,
      endHour: view.endHour,
      status: view.status,
      revision: stored?.revision ?? 0,
      timeZone: stored?.timeZone,
    };
    return this.render([booking]);
  }

  /** Issues a new secret feed token for the account, revoking the one it had. */
  async createFeed(accountId: number): Promise<string> {
    const { token, hash } = issueFeedToken();
    await this.calendars.replaceFeed(this.dataSource.manager, accountId, hash, this.clock.now());
    return token;
  }

  async revokeFeed(accountId: number): Promise<void> {
    await this.calendars.deleteFeed(this.dataSource.manager, accountId);
  }

  /**
   * The feed of the token's owner: their bookings from FEED_PAST_DAYS ago on, cancelled and
   * released ones included (STATUS:CANCELLED, so subscribed clients drop them).
   */
  async feedCalendar(token: string): Promise<string> {
    if (!isWellFormedFeedToken(token)) throw new CalendarFeedNotFound();
    const manager = this.dataSource.manager;
    const owner = await this.calendars.findFeedOwner(manager, hashOfFeedToken(token));
    if (owner === null) throw new CalendarFeedNotFound();
    const today = localMoment(this.clock.now(), this.config.workspaceTimezone).date;
    const bookings = await this.calendars.findFeedBookings(
      manager,
      owner,
      addDays(today, -FEED_PAST_DAYS),
    );
    return this.render(bookings, FEED_NAME);
  }

  private render(bookings: CalendarBooking[], name?: string): string {
    return renderCalendar(bookings, {
      timeZone: this.config.workspaceTimezone,
      uidHost: new URL(this.config.publicUrl).hostname,
      now: this.clock.now(),
      name,
    });
  }
}
