import { useCallback, useEffect, useRef, useState } from 'react';
import * as client from '../api/client';
import type { Booking, Problem, Series, Site, WaitlistEntry } from '../api/client';
import { ErrorAlert } from '../components/error-alert';
import { ScreenTitle } from '../components/screen-title';
import { useLoad } from '../components/use-load';
import { useSignedIn } from '../components/use-session';
import {
  buildDayGrid,
  clock,
  HOURS,
  LAST_END,
  roomsNotAlwaysFree,
  timeSlot,
  today,
  type Cell,
  type GridRow,
} from '../grid/day-grid.model';
import { navigate, useLocation } from '../router';
import { BookDialog, type BookTarget } from './book-dialog';

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

interface SiteChoice {
  sites: Site[];
  /** The site shown; undefined with a single site (requests then name none, as before sites). */
  site?: string;
  /** The member's home site (only read when there are several). */
  home: string | null;
}

/** Which site to show: the one chosen, else the member's home site, else the first. */
async function chooseSite(chosen: string | null, memberId?: number): Promise<SiteChoice> {
  const sites = await client.sites();
  if (sites.length < 2) return { sites, home: null };
  const member = memberId === undefined ? null : await client.member(memberId);
  const home = member?.home_site ?? null;
  const known = (code: string | null) =>
    code && sites.some((site) => site.code === code) ? code : undefined;
  return { sites, site: known(chosen) ?? known(home) ?? sites[0].code, home };
}

async function loadDay(date: string, chosen: string | null, memberId?: number) {
  // Marks for the browser test: from asking to the grid on screen (see the effect below).
  performance.mark('grid-requested');
  const choice = await chooseSite(chosen, memberId);
  const { site } = choice;
  const [rooms, day, desks, mine, everyRoom] = await Promise.all([
    client.rooms(site),
    client.dayAvailability(date, site),
    Promise.all(HOURS.map((hour) => client.freeDesks(date, timeSlot(hour), site))),
    client.myBookings(),
    client.workspaceClosures(),
  ]);
  // Availability leaves closed rooms out: read the closures of the rooms it did not list.
  const own = await Promise.all(
    roomsNotAlwaysFree({ rooms, day }).map((room) => client.roomClosures(room.id)),
  );
  // A site-only workspace closure closes that site's rooms, not the ones shown here.
  const ofThisSite = everyRoom.filter((c) => !c.site || !site || c.site === site);
  const closures = [...ofThisSite, ...own.flat()];
  return { ...choice, groups: buildDayGrid({ rooms, day, desks, mine: mine.active, closures }) };
}

/** The last hour a booking from `hour` can end at: up to the first cell that is not free. */
function lastEnd(row: GridRow, hour: number): number {
  let end = hour + 1;
  while (end < LAST_END && row.cells.find((cell) => cell.hour === end)?.state === 'free') end++;
  return end;
}

export function DayGridScreen() {
  const params = useLocation().searchParams;
  const query = params.get('date');
  const date = query && DATE_SHAPE.test(query) ? query : today();
  const chosen = params.get('site');
  const memberId = useSignedIn()?.id;
  const load = useCallback(() => loadDay(date, chosen, memberId), [date, chosen, memberId]);
  const { data, problem, loading, reload } = useLoad(load);
  const groups = data?.groups;
  const site = data?.site;
  const [target, setTarget] = useState<BookTarget | null>(null);
  const [done, setDone] = useState<Booking | WaitlistEntry | Series | null>(null);
  const status = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (groups && !loading) performance.measure('grid-rendered', 'grid-requested');
  }, [groups, loading]);

  // The site asked for in the address wins over the one shown while its day still loads.
  const show = (next: string, nextSite = chosen ?? site) => {
    setDone(null);
    navigate(`/?date=${next}${nextSite ? `&site=${encodeURIComponent(nextSite)}` : ''}`, {
      replace: true,
    });
  };
  const showDate = (next: string) => show(next);
  const closeDialog = (result: Booking | WaitlistEntry | Series | null) => {
    setTarget(null);
    if (!result) return;
    setDone(result);
    reload();
    // The cell turns into "Mine" (not focusable): the confirmation takes the focus instead.
    requestAnimationFrame(() => status.current?.focus());
  };

  return (
    <section>
      <ScreenTitle>Day grid</ScreenTitle>
      <form className="date-bar" onSubmit={(event) => event.preventDefault()}>
        <button type="button" onClick={() => showDate(shiftDate(date, -1))}>
          <span aria-hidden="true">‹ </span>Previous day
        </button>
        <div className="field inline">
          <label htmlFor="grid-date">Date</label>
          <input
            id="grid-date"
            type="date"
            value={date}
            required
            onChange={(event) => {
              if (DATE_SHAPE.test(event.target.value)) showDate(event.target.value);
            }}
          />
        </div>
        <button type="button" onClick={() => showDate(shiftDate(date, 1))}>
          Next day<span aria-hidden="true"> ›</span>
        </button>
      </form>
      {data && data.sites.length > 1 && site && memberId !== undefined && (
        <SiteBar
          sites={data.sites}
          site={chosen && data.sites.some((one) => one.code === chosen) ? chosen : site}
          home={data.home}
          memberId={memberId}
          onSite={(code) => show(date, code)}
          // Pinned in the address: clearing the home site must not move the grid elsewhere.
          onHome={(shown) => (chosen === shown ? reload() : show(date, shown))}
        />
      )}
      <Legend />
      <p className="status" role="status" tabIndex={-1} ref={status}>
        {done && statusOf(done)}
      </p>
      <ErrorAlert problem={problem} />
      {loading && !groups && <p>Loading the day…</p>}
      {groups && (
        <div
          className="grid-scroll"
          role="region"
          aria-labelledby="grid-caption"
          tabIndex={0}
          aria-busy={loading}
        >
          <table className="day-grid">
            <caption id="grid-caption">
              Rooms and hours on {date}
              {site ? ` at ${site}` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Room</th>
                {HOURS.map((hour) => (
                  <th scope="col" key={hour}>
                    {clock(hour)}
                  </th>
                ))}
              </tr>
            </thead>
            {groups.map((group) => (
              <tbody key={group.roomType}>
                <tr>
                  <th scope="colgroup" colSpan={HOURS.length + 1} className="group">
                    {group.label}
                  </th>
                </tr>
                {group.rows.map((row) => (
                  <tr key={row.room.id}>
                    <th scope="row">
                      {row.room.room_number}
                      <span className="capacity">
                        {row.room.capacity} {row.room.capacity === 1 ? 'seat' : 'seats'}
                      </span>
                    </th>
                    {row.cells.map((cell) => (
                      <td key={cell.hour}>
                        <GridCell
                          cell={cell}
                          room={row.room.room_number}
                          capacity={row.room.capacity}
                          onBook={() =>
                            setTarget({
                              room: row.room,
                              site,
                              date,
                              hour: cell.hour,
                              lastEnd: lastEnd(row, cell.hour),
                            })
                          }
                          onWait={() =>
                            setTarget({
                              room: row.room,
                              site,
                              date,
                              hour: cell.hour,
                              lastEnd: LAST_END,
                              waitlist: true,
                            })
                          }
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
      {target && <BookDialog target={target} onClose={closeDialog} />}
    </section>
  );
}

/** Several sites: which one the grid shows, and making it (or no site) the member's home site. */
function SiteBar({
  sites,
  site,
  home,
  memberId,
  onSite,
  onHome,
}: {
  sites: Site[];
  site: string;
  home: string | null;
  memberId: number;
  onSite: (code: string) => void;
  /** The member's home site changed while `site` was shown. */
  onHome: (site: string) => void;
}) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const setHome = (next: string | null) => {
    setBusy(true);
    client.setHomeSite(memberId, next).then(
      () => {
        setProblem(null);
        setBusy(false);
        onHome(site);
      },
      (error: unknown) => {
        setProblem(client.problemOf(error));
        setBusy(false);
      },
    );
  };
  return (
    <div className="site-bar">
      <div className="field inline">
        <label htmlFor="grid-site">Site</label>
        <select id="grid-site" value={site} onChange={(event) => onSite(event.target.value)}>
          {sites.map((option) => (
            <option key={option.id} value={option.code}>
              {option.code} · {option.name}
            </option>
          ))}
        </select>
      </div>
      <p role="status">{home === null ? 'You have no home site.' : `${home} is your home site.`}</p>
      {site !== home && (
        <button type="button" disabled={busy} onClick={() => setHome(site)}>
          Make {site} my home site
        </button>
      )}
      {home !== null && (
        <button type="button" disabled={busy} onClick={() => setHome(null)}>
          Clear my home site
        </button>
      )}
      <ErrorAlert problem={problem} />
    </div>
  );
}

const hhmm = (time: string) => time.slice(0, 5);

/** What the status line says after the dialog booked or joined the waitlist. */
function statusOf(done: Booking | WaitlistEntry | Series): string {
  if ('recurrence' in done) {
    const skipped = done.skipped?.length ?? 0;
    return (
      `Booked series ${done.series_id}: ${done.booked.length} ` +
      `${done.booked.length === 1 ? 'date' : 'dates'}` +
      (skipped > 0 ? `, ${skipped} refused` : '') +
      ` (${done.booked.map((booking) => booking.date).join(', ')}).`
    );
  }
  if ('position' in done) {
    const { request } = done;
    return (
      `On the waitlist for ${request.room_number ?? request.room_type} on ${request.date}, ` +
      `${hhmm(request.time_slot)}–${hhmm(request.end_time)}: position ${done.position ?? '—'}.`
    );
  }
  return (
    `Booked ${done.booking_id}: ${done.room.room_number} on ${done.date}, ` +
    `${hhmm(done.time_slot)}–${hhmm(done.end_time)}.`
  );
}

function GridCell({
  cell,
  room,
  capacity,
  onBook,
  onWait,
}: {
  cell: Cell;
  room: string;
  capacity: number;
  onBook: () => void;
  onWait: () => void;
}) {
  const where = <span className="visually-hidden">{`${room} at ${clock(cell.hour)}: `}</span>;
  switch (cell.state) {
    case 'free':
      return (
        <button
          type="button"
          className="cell free"
          onClick={onBook}
          aria-label={`${room} at ${clock(cell.hour)}: ${
            cell.freeSeats === undefined ? 'free' : `${cell.freeSeats}/${capacity} free seats`
          }, book`}
        >
          <span aria-hidden="true">○ </span>
          {cell.freeSeats === undefined ? 'Free' : `${cell.freeSeats}/${capacity} free`}
        </button>
      );
    case 'taken':
      return (
        <button
          type="button"
          className="cell taken"
          onClick={onWait}
          aria-label={`${room} at ${clock(cell.hour)}: ${
            cell.freeSeats === undefined ? 'taken' : 'full'
          }, join waitlist`}
        >
          {where}
          <span aria-hidden="true">✕ </span>
          {cell.freeSeats === undefined ? 'Taken' : 'Full'}
        </button>
      );
    case 'closed':
      return (
        <span className="cell closed">
          {where}
          <span aria-hidden="true">⊘ </span>Closed
        </span>
      );
    case 'mine':
      return (
        <span className="cell mine" title={cell.bookingId}>
          {where}
          <span aria-hidden="true">★ </span>Mine
          {cell.freeSeats !== undefined && (
            <span className="seats">{`${cell.freeSeats}/${capacity} free`}</span>
          )}
        </span>
      );
  }
}

function Legend() {
  return (
    <ul className="legend" aria-label="Legend">
      <li>
        <span className="cell free">
          <span aria-hidden="true">○ </span>Free
        </span>{' '}
        bookable: choose it to book
      </li>
      <li>
        <span className="cell taken">
          <span aria-hidden="true">✕ </span>Taken / Full
        </span>{' '}
        booked by someone else: choose it to join the waitlist
      </li>
      <li>
        <span className="cell mine">
          <span aria-hidden="true">★ </span>Mine
        </span>{' '}
        your booking
      </li>
      <li>
        <span className="cell closed">
          <span aria-hidden="true">⊘ </span>Closed
        </span>{' '}
        closed by an admin: not bookable
      </li>
      <li>Desks show free seats, e.g. 3/4 free</li>
    </ul>
  );
}
