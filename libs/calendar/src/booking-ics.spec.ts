import ICAL from 'ical.js';
import { CalendarBooking, renderCalendar, summaryOf, vtimezoneIdOf } from './booking-ics';

const booking = (fields: Partial<CalendarBooking> = {}): CalendarBooking => ({
  bookingId: 'BK20300116100000C01',
  roomNumber: 'C01',
  roomType: 'CONFERENCE',
  teamName: 'Team Rocket',
  date: '2030-01-16',
  startHour: 10,
  endHour: 12,
  status: 'ACTIVE',
  revision: 0,
  ...fields,
});

const options = {
  timeZone: 'Europe/Paris',
  uidHost: 'api.example.com',
  now: new Date('2030-01-15T10:30:00Z'),
};

const octets = (line: string) => Buffer.byteLength(line, 'utf8');

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  return { calendar, events: calendar.getAllSubcomponents('vevent') };
}

describe('renderCalendar', () => {
  it('writes the booking in the workspace zone, with a VTIMEZONE of the same TZID', () => {
    const { calendar, events } = parse(renderCalendar([booking()], options));
    expect(events).toHaveLength(1);
    const start = events[0].getFirstProperty('dtstart');
    expect(start?.getParameter('tzid')).toBe('Europe/Paris');
    expect(String(start?.getFirstValue())).toBe('2030-01-16T10:00:00');
    expect(String(events[0].getFirstPropertyValue('dtend'))).toBe('2030-01-16T12:00:00');
    const zones = calendar.getAllSubcomponents('vtimezone');
    expect(zones.map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Europe/Paris']);
    expect(events[0].getFirstPropertyValue('uid')).toBe('BK20300116100000C01@api.example.com');
    expect(String(events[0].getFirstPropertyValue('dtstamp'))).toBe('2030-01-15T10:30:00Z');
  });

  it.each([
    ['ACTIVE', 'CONFIRMED'],
    ['CANCELLED', 'CANCELLED'],
    ['RELEASED', 'CANCELLED'],
  ] as const)('maps status %s to STATUS:%s', (status, expected) => {
    const { events } = parse(renderCalendar([booking({ status, revision: 3 })], options));
    expect(events[0].getFirstPropertyValue('status')).toBe(expected);
    expect(events[0].getFirstPropertyValue('sequence')).toBe(3);
  });

  it('names UTC as the timezone data does (Etc/UTC), events and VTIMEZONE alike', () => {
    const { calendar, events } = parse(
      renderCalendar([booking()], { ...options, timeZone: 'UTC' }),
    );
    expect(events[0].getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Etc/UTC');
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe(
      'Etc/UTC',
    );
  });

  it('reads hours in the zone whatever the process zone, across a DST change', () => {
    // 2030-03-31 is the day Paris moves to summer time (02:00 -> 03:00).
    const text = renderCalendar(
      [booking({ date: '2030-03-31', startHour: 9, endHour: 18 })],
      options,
    );
    expect(text).toContain('DTSTART;TZID=Europe/Paris:20300331T090000');
    expect(text).toContain('DTEND;TZID=Europe/Paris:20300331T180000');
  });

  it('folds every line at 75 octets and ends lines with CRLF, multi-byte text included', () => {
    const long = booking({ teamName: `Équipe ${'très longue '.repeat(12)}😀 fin` });
    const text = renderCalendar([long], { ...options, name: 'Workspace bookings' });
    const lines = text.split('\r\n');
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
    expect(lines.filter((line) => octets(line) > 75)).toEqual([]);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const { events } = parse(text);
    expect(events[0].getFirstPropertyValue('summary')).toBe(summaryOf(long));
  });

  it('escapes text values (commas, semicolons) so parsers read them back', () => {
    const odd = booking({ teamName: 'A, B; C\\D' });
    const { events } = parse(renderCalendar([odd], options));
    expect(events[0].getFirstPropertyValue('summary')).toBe('Conference room C01 (A, B; C\\D)');
  });

  it('names a feed and writes one VEVENT per booking', () => {
    const { calendar, events } = parse(
      renderCalendar(
        [
          booking(),
          booking({
            bookingId: 'BK20300117090000P01',
            roomType: 'PRIVATE',
            roomNumber: 'P01',
            teamName: null,
          }),
        ],
        {
          ...options,
          name: 'Workspace bookings',
        },
      ),
    );
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Workspace bookings');
    expect(events.map((e) => e.getFirstPropertyValue('summary'))).toEqual([
      'Conference room C01 (Team Rocket)',
      'Private room P01',
    ]);
  });
});

describe('vtimezoneIdOf', () => {
  it.each([
    ['Europe/Paris', 'Europe/Paris'],
    ['Asia/Tokyo', 'Asia/Tokyo'],
    ['UTC', 'Etc/UTC'],
    ['Not/AZone', null],
  ])('%s -> %s', (zone, tzid) => {
    expect(vtimezoneIdOf(zone)).toBe(tzid);
  });
});
