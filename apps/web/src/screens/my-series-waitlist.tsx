import { useCallback, useState } from 'react';
import * as client from '../api/client';
import type { Booking, Problem, WaitlistEntry } from '../api/client';
import { ROOM_TYPE_NAMES } from '../components/booking-summary';
import { ErrorAlert } from '../components/error-alert';
import { useLoad } from '../components/use-load';

const hhmm = (time: string) => time.slice(0, 5);

/**
 * The caller's series, gathered from their active bookings (the API has no list of series):
 * each with its remaining dates and a cancel of every occurrence not yet begun.
 */
export function MySeries({
  active,
  onDone,
}: {
  active: Booking[];
  onDone: (message: string) => void;
}) {
  const series = new Map<string, Booking[]>();
  for (const booking of active) {
    if (!booking.series_id) continue;
    series.set(booking.series_id, [...(series.get(booking.series_id) ?? []), booking]);
  }
  return (
    <section aria-labelledby="my-series-title">
      <h2 id="my-series-title">My series ({series.size})</h2>
      {series.size === 0 ? (
        <p>No series. Tick “Repeat” in the booking dialog to book one.</p>
      ) : (
        <ul className="cards">
          {[...series].map(([seriesId, occurrences]) => (
            <SeriesCard
              key={seriesId}
              seriesId={seriesId}
              occurrences={occurrences}
              onDone={onDone}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function SeriesCard({
  seriesId,
  occurrences,
  onDone,
}: {
  seriesId: string;
  occurrences: Booking[];
  onDone: (message: string) => void;
}) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const first = occurrences[0];
  const titleId = `series-${seriesId}`;
  const cancel = () => {
    setPending(true);
    setProblem(null);
    client.cancelSeries(seriesId).then(
      (answer) => onDone(`${answer.message} (${seriesId}).`),
      (error: unknown) => {
        setProblem(client.problemOf(error));
        setPending(false);
      },
    );
  };
  return (
    <li className="card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        Series {seriesId} · {first.room.room_number}, {hhmm(first.time_slot)}–{hhmm(first.end_time)}
      </h3>
      <p>
        {occurrences.length} active {occurrences.length === 1 ? 'date' : 'dates'}:{' '}
        {occurrences.map((booking) => booking.date).join(', ')}
      </p>
      <div className="card-actions">
        <button
          type="button"
          onClick={cancel}
          disabled={pending}
          aria-describedby={problem ? `${titleId}-error` : undefined}
        >
          {pending ? 'Cancelling…' : 'Cancel the series'}
          <span className="visually-hidden"> {seriesId}</span>
        </button>
      </div>
      <ErrorAlert problem={problem} id={`${titleId}-error`} />
    </li>
  );
}

const STATUS_TEXT: Record<WaitlistEntry['status'], string> = {
  WAITING: 'Waiting',
  PROMOTED: 'Promoted: booked',
  EXPIRED: 'Expired (its first hour began)',
  CANCELLED: 'Left',
};

/** The caller's waitlist entries (an admin's list has everyone's), newest last; leave one. */
export function MyWaitlist({
  onDone,
  admin,
}: {
  onDone: (message: string) => void;
  admin: boolean;
}) {
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const load = useCallback(() => client.waitlist(cursor), [cursor]);
  const { data, problem, reload } = useLoad(load);
  const left = (message: string) => {
    onDone(message);
    reload();
  };
  return (
    <section aria-labelledby="my-waitlist-title">
      <h2 id="my-waitlist-title">
        {admin ? 'Waitlist (everyone’s: you are an admin)' : 'My waitlist'}
        {data ? ` (${data.count})` : ''}
      </h2>
      <ErrorAlert problem={problem} />
      {data && data.results.length === 0 && (
        <p>Not waiting for anything. Choose a taken cell on the day grid to join its waitlist.</p>
      )}
      {data && data.results.length > 0 && (
        <ul className="cards">
          {data.results.map((entry) => (
            <WaitlistCard key={entry.id} entry={entry} onLeft={left} />
          ))}
        </ul>
      )}
      {data && (cursor || data.next_cursor) && (
        <nav className="pager" aria-label="Waitlist pages">
          <button type="button" disabled={!cursor} onClick={() => setCursor(undefined)}>
            First page
          </button>
          <button
            type="button"
            disabled={!data.next_cursor}
            onClick={() => setCursor(data.next_cursor ?? undefined)}
          >
            Next page
          </button>
        </nav>
      )}
    </section>
  );
}

function WaitlistCard({
  entry,
  onLeft,
}: {
  entry: WaitlistEntry;
  onLeft: (message: string) => void;
}) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const { request } = entry;
  const titleId = `waitlist-${entry.id}`;
  const what = request.room_number ?? ROOM_TYPE_NAMES[request.room_type];
  const leave = () => {
    setPending(true);
    setProblem(null);
    client.leaveWaitlist(entry.id).then(
      () => onLeft(`Left the waitlist for ${what} on ${request.date}.`),
      (error: unknown) => {
        setProblem(client.problemOf(error));
        setPending(false);
      },
    );
  };
  return (
    <li className="card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        Waitlist: {what} · {request.date}, {hhmm(request.time_slot)}–{hhmm(request.end_time)}
      </h3>
      <dl>
        <dt>Status</dt>
        <dd>
          {entry.status === 'PROMOTED' && <span aria-hidden="true">✓ </span>}
          <strong>{STATUS_TEXT[entry.status]}</strong>
          {entry.status === 'WAITING' && entry.position !== null && ` · position ${entry.position}`}
          {entry.status === 'PROMOTED' && entry.booking_id && ` as ${entry.booking_id}`}
        </dd>
        <dt>Room</dt>
        <dd>{ROOM_TYPE_NAMES[request.room_type]}</dd>
      </dl>
      {entry.status === 'WAITING' && (
        <div className="card-actions">
          <button
            type="button"
            onClick={leave}
            disabled={pending}
            aria-describedby={problem ? `${titleId}-error` : undefined}
          >
            {pending ? 'Leaving…' : 'Leave the waitlist'}
            <span className="visually-hidden">
              {' '}
              for {what} on {request.date}
            </span>
          </button>
        </div>
      )}
      <ErrorAlert problem={problem} id={`${titleId}-error`} />
    </li>
  );
}
