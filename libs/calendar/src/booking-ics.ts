import { TZDate } from '@date-fns/tz';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { ICalCalendar, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export type CalendarRoomType = 'PRIVATE' | 'CONFERENCE' | 'SHARED_DESK';

/** What a calendar event says about a booking. Hours are workspace-local, end exclusive. */
export interface CalendarBooking {
  bookingId: string;
  roomNumber: string;
  roomType: CalendarRoomType;
  teamName: string | null;
  date: string; // YYYY-MM-DD
  startHour: number;
  endHour: number;
  status: 'ACTIVE' | 'CANCELLED' | 'RELEASED';
  /** Bumped by the database on every change of the booking: the event's SEQUENCE. */
  revision: number;
  /** The zone of the booking's site; null or absent: the calendar's (WORKSPACE_TIMEZONE). */
  timeZone?: string | null;
}

export interface CalendarOptions {
  /** IANA zone the booking hours are read in (WORKSPACE_TIMEZONE). */
  timeZone: string;
  /** Right-hand side of every UID (`<booking_id>@<host>`): the host name of PUBLIC_URL (no port). */
  uidHost: string;
  /** DTSTAMP: when this copy was made. */
  now: Date;
  /** X-WR-CALNAME of a subscription feed. */
  name?: string;
}

const ROOM_TYPE_LABELS: Record<CalendarRoomType, string> = {
  PRIVATE: 'Private room',
  CONFERENCE: 'Conference room',
  SHARED_DESK: 'Shared desk',
};

/** How often a subscribed client should fetch the feed again. */
const REFRESH_SECONDS = 15 * 60;

/**
 * An iCalendar (RFC 5545) document, one VEVENT per booking, times in the workspace zone with
 * its VTIMEZONE; ical-generator escapes and folds lines at 75 octets.
 */
export function renderCalendar(bookings: CalendarBooking[], options: CalendarOptions): string {
  const calendar = new ICalCalendar({
    prodId: { company: 'workspace-booking', product: 'booking-api', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    // No calendar-wide zone: DTSTAMP stays UTC; each event names the zone, and the generator
    // adds one VTIMEZONE for every zone the events use.
    timezone: { name: null, generator: getVtimezoneComponent },
  });
  if (options.name !== undefined) {
    calendar.name(options.name);
    calendar.ttl(REFRESH_SECONDS);
  }
  for (const booking of bookings) {
    // Each booking in its site's zone: TZID and VTIMEZONE follow it.
    const zone = booking.timeZone ?? options.timeZone;
    calendar.createEvent({
      id: `${booking.bookingId}@${options.uidHost}`,
      sequence: booking.revision,
      stamp: options.now,
      // A zone the timezone data does not know: UTC instants (DTSTART:...Z) are still exact.
      timezone: vtimezoneIdOf(zone),
      start: wallClock(booking.date, booking.startHour, zone),
      end: wallClock(booking.date, booking.endHour, zone),
      summary: summaryOf(booking),
      location: { title: `Room ${booking.roomNumber}` },
      description: descriptionOf(booking),
      status: booking.status === 'ACTIVE' ? ICalEventStatus.CONFIRMED : ICalEventStatus.CANCELLED,
    });
  }
  return calendar.toString();
}

/** "Conference room C01 (Team Rocket)", "Shared desk S02", "Private room P03". */
export function summaryOf(booking: CalendarBooking): string {
  const room = `${ROOM_TYPE_LABELS[booking.roomType]} ${booking.roomNumber}`;
  return booking.teamName ? `${room} (${booking.teamName})` : room;
}

function descriptionOf(booking: CalendarBooking): string {
  const state =
    booking.status === 'RELEASED'
      ? ' (released: nobody checked in)'
      : booking.status === 'CANCELLED'
        ? ' (cancelled)'
        : '';
  return `Booking ${booking.bookingId}${state}`;
}

/**
 * The TZID of the VTIMEZONE the timezone data has for `zone` (it names UTC "Etc/UTC"), so the
 * events' TZID and the VTIMEZONE always match; null when it has none.
 */
export function vtimezoneIdOf(zone: string): string | null {
  const component = getVtimezoneComponent(zone);
  const match = component ? /^TZID:(.+?)\r?$/m.exec(component) : null;
  return match ? match[1] : null;
}

/** `hour`:00 on `date` in `zone`; hour 24 is midnight of the next day. */
function wallClock(date: string, hour: number, zone: string): TZDate {
  const [year, month, day] = date.split('-').map(Number);
  return new TZDate(year, month - 1, day, hour, 0, 0, zone);
}
