import { LocalMoment, formatHour } from '@app/core';
import { CheckInClosed } from './check-in.errors';
import type { HourRange } from './hour-range';

/** CHECK_IN_OPENS_MIN and AUTO_RELEASE_AFTER_MIN (0: no release). */
export interface NoShowRules {
  checkInOpensMinutes: number;
  autoReleaseAfterMinutes: number;
}

/**
 * Workspace-local wall-clock minutes since 1970-01-01 00:00. Both ends of every comparison are
 * read in the workspace zone, and slots lie between 09:00 and 18:00, far from the night-time
 * daylight-saving jumps, so wall-clock differences are real durations here.
 */
const wallMinutes = (date: string, hour: number, minute = 0, second = 0): number => {
  const [year, month, day] = date.split('-').map(Number);
  return Date.UTC(year, month - 1, day, hour, minute, second) / 60_000;
};

const clockTimeOf = (minutes: number): string => {
  const at = new Date(minutes * 60_000);
  const hh = String(at.getUTCHours()).padStart(2, '0');
  const mm = String(at.getUTCMinutes()).padStart(2, '0');
  return `${hh}:${mm}`;
};

/**
 * Throws CheckInClosed unless `now` lies in the booking's check-in window: from
 * `checkInOpensMinutes` before its start (inclusive) until `autoReleaseAfterMinutes` after it
 * (exclusive: from that minute on the booking is due for release), and never after its end.
 * With release off the window stays open until the booking ends.
 */
export function assertCheckInOpen(booking: HourRange, now: LocalMoment, rules: NoShowRules): void {
  const at = wallMinutes(now.date, now.hour, now.minute, now.second);
  const start = wallMinutes(booking.date, booking.startHour);
  const end = wallMinutes(booking.date, booking.endHour);
  const opens = start - rules.checkInOpensMinutes;
  const closes =
    rules.autoReleaseAfterMinutes === 0
      ? end
      : Math.min(start + rules.autoReleaseAfterMinutes, end);
  const starts = `${booking.date} ${formatHour(booking.startHour).slice(0, 5)}`;
  if (at < opens) {
    throw new CheckInClosed(
      `Too early: check-in for the booking starting ${starts} opens at ${clockTimeOf(opens)}, ` +
        `${rules.checkInOpensMinutes} minutes before its start.`,
    );
  }
  if (at >= closes) {
    const why =
      closes === end
        ? 'when the booking ended'
        : `${rules.autoReleaseAfterMinutes} minutes after its start`;
    throw new CheckInClosed(
      `Too late: check-in for the booking starting ${starts} closed at ${clockTimeOf(closes)}, ${why}.`,
    );
  }
}

/**
 * The latest (date, start hour) a booking may start at to be due for release at `now`: a
 * booking is due when start + `autoReleaseAfterMinutes` <= now, i.e. when (date, start_hour)
 * <= this pair, since starts are on the hour. The same minute check-in closes, so no instant
 * allows both. Null when release is off.
 */
export function releaseCutoff(
  now: LocalMoment,
  rules: Pick<NoShowRules, 'autoReleaseAfterMinutes'>,
): { date: string; hour: number } | null {
  if (rules.autoReleaseAfterMinutes === 0) return null;
  const latestStart =
    wallMinutes(now.date, now.hour, now.minute, now.second) - rules.autoReleaseAfterMinutes;
  const at = new Date(Math.floor(latestStart) * 60_000);
  return { date: at.toISOString().slice(0, 10), hour: at.getUTCHours() };
}
