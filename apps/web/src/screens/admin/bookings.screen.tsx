import { type FormEvent, useCallback, useState } from 'react';
import * as client from '../../api/client';
import type { BookingFilters, RoomType } from '../../api/client';
import { ROOM_TYPE_NAMES, whenOf, whoOf } from '../../components/booking-summary';
import { ErrorAlert } from '../../components/error-alert';
import { formText } from '../../components/form-text';
import { Pager } from '../../components/pager';
import { ScreenTitle } from '../../components/screen-title';
import { ScrollTable } from '../../components/scroll-table';
import { useCursorPages } from '../../components/use-cursor-pages';
import { useLoad } from '../../components/use-load';

type Status = NonNullable<BookingFilters['status']>;
const STATUS_NAMES: Record<Status, string> = {
  ACTIVE: 'Active',
  CANCELLED: 'Cancelled',
  RELEASED: 'Released',
};

const PAGE = 20;

/** Every booking (admin), filtered; paged forward by the API's cursor, back by the ones seen. */
export function AllBookingsScreen() {
  const [filters, setFilters] = useState<BookingFilters>({ page_size: PAGE });
  const pages = useCursorPages();
  const { cursor } = pages;
  const load = useCallback(
    () => client.allBookings(cursor ? { ...filters, cursor } : filters),
    [filters, cursor],
  );
  const { data, problem } = useLoad(load);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => formText(form, name) || undefined;
    pages.first();
    setFilters({
      page_size: PAGE,
      date: text('date'),
      date_from: text('date_from'),
      date_to: text('date_to'),
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
        <fieldset className="range">
          <legend>Or between dates</legend>
          <div className="field">
            <label htmlFor="filter-from">From</label>
            <input id="filter-from" name="date_from" type="date" />
          </div>
          <div className="field">
            <label htmlFor="filter-to">To</label>
            <input id="filter-to" name="date_to" type="date" />
          </div>
        </fieldset>
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
            <option value="RELEASED">Released (no-show)</option>
          </select>
        </div>
        <button type="submit" className="primary">
          Show
        </button>
      </form>
      <ErrorAlert problem={problem} />
      {data && (
        <>
          <ScrollTable
            id="bookings"
            caption={`${data.count} ${data.count === 1 ? 'booking' : 'bookings'}`}
            columns={['Booking', 'Room', 'When', 'For', 'Status']}
          >
            {data.results.map((booking) => (
              <tr key={booking.booking_id}>
                <th scope="row">{booking.booking_id}</th>
                <td>
                  {booking.room.room_number} ({ROOM_TYPE_NAMES[booking.room.room_type]})
                </td>
                <td>{whenOf(booking)}</td>
                <td>{whoOf(booking)}</td>
                <td>{STATUS_NAMES[booking.status]}</td>
              </tr>
            ))}
          </ScrollTable>
          <Pager
            label="Bookings"
            page={pages.page}
            count={data.count}
            hasNext={Boolean(data.next_cursor)}
            onPage={(page) => {
              if (page < pages.page) pages.newer();
              else if (data.next_cursor) pages.older(data.next_cursor);
            }}
          />
        </>
      )}
    </section>
  );
}
