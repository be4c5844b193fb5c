import { useRef, useState } from 'react';
import * as client from '../api/client';
import type { Booking, Problem } from '../api/client';
import { ROOM_TYPE_NAMES, whenOf, whoOf } from '../components/booking-summary';
import { ErrorAlert } from '../components/error-alert';
import { ScreenTitle } from '../components/screen-title';
import { useLoad } from '../components/use-load';
import { useSignedIn } from '../components/use-session';
import { MySeries, MyWaitlist } from './my-series-waitlist';

export function MyBookingsScreen() {
  const { data, problem, reload } = useLoad(client.myBookings);
  const me = useSignedIn();
  const [done, setDone] = useState<string | null>(null);
  const status = useRef<HTMLParagraphElement>(null);

  const onDone = (message: string) => {
    setDone(message);
    reload();
    requestAnimationFrame(() => status.current?.focus());
  };

  return (
    <section>
      <ScreenTitle>My bookings</ScreenTitle>
      <p className="status" role="status" tabIndex={-1} ref={status}>
        {done}
      </p>
      <ErrorAlert problem={problem} />
      {data && (
        <>
          <h2>Active ({data.active_bookings})</h2>
          {data.active.length === 0 ? (
            <p>No active bookings. Book a free cell on the day grid.</p>
          ) : (
            <ul className="cards">
              {data.active.map((booking) => (
                <BookingCard key={booking.booking_id} booking={booking} onDone={onDone} />
              ))}
            </ul>
          )}
          <MySeries active={data.active} onDone={onDone} />
          <h2>Cancelled ({data.cancelled_bookings})</h2>
          {data.cancelled.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul className="cards">
              {data.cancelled.map((booking) => (
                <BookingCard key={booking.booking_id} booking={booking} />
              ))}
            </ul>
          )}
        </>
      )}
      <MyWaitlist onDone={onDone} admin={me?.role === 'admin'} />
      <CalendarFeed />
    </section>
  );
}

/** Saves a blob under `name` through a temporary link (the .ics needs the bearer token). */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

const clock = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function BookingCard({
  booking,
  onDone,
}: {
  booking: Booking;
  /** Given for active bookings: called with what to announce after a change. */
  onDone?: (message: string) => void;
}) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState<'cancel' | 'check-in' | 'ics' | null>(null);
  const run = <T,>(
    kind: 'cancel' | 'check-in' | 'ics',
    call: () => Promise<T>,
    then: (answer: T) => void,
  ) => {
    setPending(kind);
    setProblem(null);
    call().then(
      (answer) => {
        setPending(null);
        then(answer);
      },
      (error: unknown) => {
        setProblem(client.problemOf(error));
        setPending(null);
      },
    );
  };
  const id = booking.booking_id;
  const cancel = () =>
    run(
      'cancel',
      () => client.cancelBooking(id),
      () => onDone?.(`Cancelled ${id}.`),
    );
  const checkIn = () =>
    run(
      'check-in',
      () => client.checkIn(id),
      () => onDone?.(`Checked in ${id}.`),
    );
  const ics = () =>
    run(
      'ics',
      () => client.bookingIcs(id),
      (blob) => save(blob, `${id}.ics`),
    );
  const titleId = `booking-${id}`;
  const describedBy = problem ? `${titleId}-error` : undefined;
  const hidden = <span className="visually-hidden"> {id}</span>;
  return (
    <li className="card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {booking.room.room_number} · {whenOf(booking)}
      </h3>
      <dl>
        <dt>Booking</dt>
        <dd>{id}</dd>
        <dt>Room</dt>
        <dd>{ROOM_TYPE_NAMES[booking.room.room_type]}</dd>
        <dt>For</dt>
        <dd>{whoOf(booking)}</dd>
        {booking.series_id && (
          <>
            <dt>Series</dt>
            <dd>{booking.series_id}</dd>
          </>
        )}
        <dt>Status</dt>
        <dd>
          {booking.status === 'ACTIVE'
            ? 'Active'
            : booking.status === 'RELEASED'
              ? 'Released (no-show)'
              : 'Cancelled'}
          {booking.checked_in_at && (
            <>
              {' · '}
              <span aria-hidden="true">✓ </span>
              <strong>Checked in</strong> at {clock(booking.checked_in_at)}
            </>
          )}
        </dd>
      </dl>
      <div className="card-actions">
        {onDone && !booking.checked_in_at && (
          <button
            type="button"
            onClick={checkIn}
            disabled={pending !== null}
            aria-describedby={describedBy}
          >
            {pending === 'check-in' ? 'Checking in…' : 'Check in'}
            {hidden}
          </button>
        )}
        <button
          type="button"
          onClick={ics}
          disabled={pending !== null}
          aria-describedby={describedBy}
        >
          {pending === 'ics' ? 'Downloading…' : 'Download .ics'}
          {hidden}
        </button>
        {onDone && (
          <button
            type="button"
            onClick={cancel}
            disabled={pending !== null}
            aria-describedby={describedBy}
          >
            {pending === 'cancel' ? 'Cancelling…' : 'Cancel booking'}
            {hidden}
          </button>
        )}
      </div>
      <ErrorAlert problem={problem} id={`${titleId}-error`} />
    </li>
  );
}

/** A secret subscription URL of the caller's bookings, to paste into a calendar app. */
function CalendarFeed() {
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const create = () => {
    setPending(true);
    setProblem(null);
    client.createCalendarFeed().then(
      (feed) => {
        setUrl(feed.url);
        setPending(false);
        requestAnimationFrame(() => field.current?.select());
      },
      (error: unknown) => {
        setProblem(client.problemOf(error));
        setPending(false);
      },
    );
  };
  return (
    <section aria-labelledby="calendar-feed-title">
      <h2 id="calendar-feed-title">Calendar feed</h2>
      <p>
        Subscribe to your bookings from a calendar app. Anyone with the URL can read them; a new URL
        stops the previous one.
      </p>
      <button type="button" onClick={create} disabled={pending}>
        {pending ? 'Creating…' : url ? 'New calendar feed URL' : 'Calendar feed'}
      </button>
      <ErrorAlert problem={problem} />
      {url && (
        <div className="field">
          <label htmlFor="calendar-feed-url">Calendar feed URL (copy it into your calendar)</label>
          <input
            id="calendar-feed-url"
            ref={field}
            readOnly
            value={url}
            onFocus={(event) => event.currentTarget.select()}
          />
        </div>
      )}
    </section>
  );
}
