import { DomainError } from '@app/core';

export class UnknownRoom extends DomainError {
  constructor() {
    super('ROOM_NOT_FOUND', 'Room not found');
  }
}

export class RoomNumberTaken extends DomainError {
  constructor(roomNumber: string, why = 'another room has it') {
    const message = `Room number ${roomNumber} cannot be used: ${why}.`;
    super('ROOM_NUMBER_TAKEN', message, [{ field: 'room_number', message }]);
  }
}

/** An active booking that has not ended and stands in the way of a change. */
export interface BlockingBooking {
  bookingId: string;
  date: string;
  startHour: number;
  endHour: number;
}

const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** The change would strand active bookings that have not ended: each is named in `errors`. */
export class RoomInUse extends DomainError {
  constructor(what: string, bookings: BlockingBooking[]) {
    super(
      'ROOM_IN_USE',
      `${what}: the room has active bookings that have not ended: ` +
        bookings.map((b) => b.bookingId).join(', '),
      bookings.map((b) => ({
        field: b.bookingId,
        message: `active booking on ${b.date} ${hh(b.startHour)}-${hh(b.endHour)}`,
      })),
    );
  }
}

export class UnknownSite extends DomainError {
  constructor() {
    super('SITE_NOT_FOUND', 'Site not found');
  }
}

export class SiteCodeTaken extends DomainError {
  constructor(code: string) {
    const message = `Site code ${code} is taken.`;
    super('SITE_CODE_TAKEN', message, [{ field: 'code', message }]);
  }
}

/** Several sites, none named and no home site: which office is meant is not guessed. */
export class SiteRequired extends DomainError {
  constructor() {
    const message = 'There are several sites: give `site` (a site code) or set your home_site.';
    super('SITE_REQUIRED', message, [{ field: 'site', message }]);
  }
}

/** A `site` code in a request that names no site. */
export class UnknownSiteCode extends DomainError {
  constructor(code: string, field = 'site') {
    const message = `There is no site ${code}.`;
    super('VALIDATION_FAILED', message, [{ field, message }]);
  }
}
