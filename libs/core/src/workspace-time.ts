/** Opening hours: slots start on the hour from 09:00 to 17:00 and end by 18:00. */
export const OPENING_HOUR = 9;
export const CLOSING_HOUR = 18;
export const SLOT_HOURS: readonly number[] = Array.from(
  { length: CLOSING_HOUR - OPENING_HOUR },
  (_, i) => OPENING_HOUR + i,
);

/** Wall-clock reading of an instant in a time zone. */
export interface LocalMoment {
  date: string; // YYYY-MM-DD
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The last reading per zone: every request asks for the same second many times over. */
const lastReading = new Map<string, { second: number; moment: Readonly<LocalMoment> }>();

/**
 * True for a zone the runtime's IANA database knows (Europe/Paris, UTC): the one check for
 * WORKSPACE_TIMEZONE and a site's zone. At most 64 characters, the width of sites.timezone.
 */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function localMoment(instant: Date, timeZone: string): Readonly<LocalMoment> {
  const second = Math.floor(instant.getTime() / 1000);
  const last = lastReading.get(timeZone);
  if (last?.second === second) return last.moment;
  const moment = Object.freeze(readLocalMoment(instant, timeZone));
  lastReading.set(timeZone, { second, moment });
  return moment;
}

function readLocalMoment(instant: Date, timeZone: string): LocalMoment {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(instant)) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1 &&
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day
  );
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** Parses HH:MM[:SS]; null when it is not a time of day. */
export function parseClockTime(
  value: string,
): { hour: number; minute: number; second: number } | null {
  const match = CLOCK_TIME.exec(value);
  if (!match) return null;
  return { hour: Number(match[1]), minute: Number(match[2]), second: Number(match[3] ?? '0') };
}

// Built once: lists format two hours per booking (1,000 strings for one my-bookings answer).
const HOUR_TIMES = Array.from({ length: 25 }, (_, h) => `${String(h).padStart(2, '0')}:00:00`);

export function formatHour(hour: number): string {
  return HOUR_TIMES[hour] ?? `${String(hour).padStart(2, '0')}:00:00`;
}

/** Has the slot starting at `hour` on `date` already begun at `now` (both workspace-local)? */
export function hasSlotBegun(date: string, hour: number, now: LocalMoment): boolean {
  return date < now.date || (date === now.date && hour <= now.hour);
}
