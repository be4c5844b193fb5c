import { type FormEvent, useCallback, useState } from 'react';
import * as client from '../../api/client';
import type { BookingFilters, RoomType } from '../../api/client';
import { ROOM_TYPE_NAMES, whenOf, whoOf } from '../../components/booking-summary';
import { ErrorAlert } from '../../components/error-alert';
import { formText } from '../../components/form-text';
import { Pager } from '../../components/pager';
import { ScreenTitle } from '../../components/screen-title';
import { useLoad } from '../../components/use-load';

type Status = NonNullable<BookingFilters['status']>;

export function AllBookingsScreen() {
  const [filters, setFilters] = useState<BookingFilters>({ page: 1, page_size: 20 });
  const load = useCallback(() => client.allBookings(filters), [filters]);
  const { data, problem } = useLoad(load);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => formText(form, name) || undefined;
    setFilters({
      page: 1,
      page_size: 20,
      date: text('date'),
      room_type: text('room_type') as RoomType | undefined,
      status: text('status') as Status | undefined,
    });
  };

  return (
    <section>
      <ScreenTitle>All bookings</ScreenTitle>
      <form className="filters" onSubmit={apply} aria-label="Filter bookings">
        <div className="field">
          <label htmlFor="filter-date">Date</label>
          <input id="filter-date" name="date" type="date" />
        </div>
        <div className="field">
          <label htmlFor="filter-type">Room type</label>
          <select id="filter-type" name="room_type" defaultValue="">
            <option value="">Any</option>
            {Object.entries(ROOM_TYPE_NAMES).map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue="">
            <option value="">Any</option>
            <option value="ACTIVE">Active</option>
            <option value="CANCELLED">Cancelled</option>
          </select>
        </div>
        <button type="submit" className="primary">
          Show
        </button>
      </form>
      <ErrorAlert problem={problem} />
      {data && (
        <>
          <div
            className="table-scroll"
            role="region"
            aria-labelledby="bookings-caption"
            tabIndex={0}
          >
            <table>
              <caption id="bookings-caption">
                {data.count} {data.count === 1 ? 'booking' : 'bookings'}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Booking</th>
                  <th scope="col">Room</th>
                  <th scope="col">When</th>
                  <th scope="col">For</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {data.results.map((booking) => (
                  <tr key={booking.booking_id}>
                    <th scope="row">{booking.booking_id}</th>
                    <td>
                      {booking.room.room_number} ({ROOM_TYPE_NAMES[booking.room.room_type]})
                    </td>
                    <td>{whenOf(booking)}</td>
                    <td>{whoOf(booking)}</td>
                    <td>{booking.status === 'ACTIVE' ? 'Active' : 'Cancelled'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label="Bookings"
            page={filters.page ?? 1}
            count={data.count}
            hasNext={Boolean(data.next)}
            onPage={(page) => setFilters({ ...filters, page })}
          />
        </>
      )}
    </section>
  );
}
