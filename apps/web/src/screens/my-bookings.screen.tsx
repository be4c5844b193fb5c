import { useRef, useState } from 'react';
import * as client from '../api/client';
import type { Booking, Problem } from '../api/client';
import { ROOM_TYPE_NAMES, whenOf, whoOf } from '../components/booking-summary';
import { ErrorAlert } from '../components/error-alert';
import { ScreenTitle } from '../components/screen-title';
import { useLoad } from '../components/use-load';

export function MyBookingsScreen() {
  const { data, problem, reload } = useLoad(client.myBookings);
  const [cancelled, setCancelled] = useState<string | null>(null);
  const status = useRef<HTMLParagraphElement>(null);

  const onCancelled = (bookingId: string) => {
    setCancelled(bookingId);
    reload();
    requestAnimationFrame(() => status.current?.focus());
  };

  return (
    <section>
      <ScreenTitle>My bookings</ScreenTitle>
      <p className="status" role="status" tabIndex={-1} ref={status}>
        {cancelled && `Cancelled ${cancelled}.`}
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
                <BookingCard key={booking.booking_id} booking={booking} onCancelled={onCancelled} />
              ))}
            </ul>
          )}
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
    </section>
  );
}

function BookingCard({
  booking,
  onCancelled,
}: {
  booking: Booking;
  onCancelled?: (bookingId: string) => void;
}) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const cancel = () => {
    setPending(true);
    setProblem(null);
    client.cancelBooking(booking.booking_id).then(
      () => onCancelled?.(booking.booking_id),
      (error: unknown) => {
        setProblem(client.problemOf(error));
        setPending(false);
      },
    );
  };
  const titleId = `booking-${booking.booking_id}`;
  return (
    <li className="card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {booking.room.room_number} · {whenOf(booking)}
      </h3>
      <dl>
        <dt>Booking</dt>
        <dd>{booking.booking_id}</dd>
        <dt>Room</dt>
        <dd>{ROOM_TYPE_NAMES[booking.room.room_type]}</dd>
        <dt>For</dt>
        <dd>{whoOf(booking)}</dd>
        <dt>Status</dt>
        <dd>{booking.status === 'ACTIVE' ? 'Active' : 'Cancelled'}</dd>
      </dl>
      {onCancelled && (
        <button
          type="button"
          onClick={cancel}
          disabled={pending}
          aria-describedby={problem ? `${titleId}-error` : undefined}
        >
          {pending ? 'Cancelling…' : 'Cancel booking'}
          <span className="visually-hidden"> {booking.booking_id}</span>
        </button>
      )}
      <ErrorAlert problem={problem} id={`${titleId}-error`} />
    </li>
  );
}
