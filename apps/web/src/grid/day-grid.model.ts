import type {
  AvailableRooms,
  Booking,
  Closure,
  DayAvailability,
  Room,
  RoomType,
} from '../api/client';

/** The bookable hours: a booking starts 09:00 to 17:00 and ends by 18:00. */
export const HOURS = [9, 10, 11, 12, 13, 14, 15, 16, 17] as const;
export const LAST_END = 18;

export const TYPE_LABELS: Record<RoomType, string> = {
  PRIVATE: 'Private rooms',
  CONFERENCE: 'Conference rooms',
  SHARED_DESK: 'Shared desks',
};
const TYPE_ORDER: RoomType[] = ['PRIVATE', 'CONFERENCE', 'SHARED_DESK'];

export const clock = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
export const timeSlot = (hour: number) => `${clock(hour)}:00`;
export const hourOf = (time: string) => Number(time.slice(0, 2));

export type CellState = 'free' | 'taken' | 'mine' | 'closed';

export interface Cell {
  hour: number;
  state: CellState;
  /** Shared desks: seats free in the hour. */
  freeSeats?: number;
  /** The caller's booking in this cell. */
  bookingId?: string;
}

export interface GridRow {
  room: Room;
  cells: Cell[];
}

export interface GridGroup {
  roomType: RoomType;
  label: string;
  rows: GridRow[];
}

export interface DayData {
  rooms: Room[];
  day: DayAvailability;
  /** One answer of GET /rooms/available per hour, for the seats of each desk. */
  desks: AvailableRooms[];
  /** The caller's active bookings (as creator or participant). */
  mine: Booking[];
  /** Closures of the date: the rooms' own and workspace-wide ones (room null). */
  closures?: Closure[];
}

/** Rooms the day's availability leaves out in some hour: only these can be closed then. */
export function roomsNotAlwaysFree({ rooms, day }: Pick<DayData, 'rooms' | 'day'>): Room[] {
  const listed = new Map<string, number>();
  for (const slot of day.slots) {
    for (const roomType of TYPE_ORDER) {
      for (const room of slot[roomType]?.room_numbers ?? []) {
        listed.set(room, (listed.get(room) ?? 0) + 1);
      }
    }
  }
  return rooms.filter(
    (room) =>
      room.room_type === 'SHARED_DESK' || (listed.get(room.room_number) ?? 0) < HOURS.length,
  );
}

/** Rooms down (grouped by type), hours across: what each cell shows, from the API's answers. */
export function buildDayGrid({ rooms, day, desks, mine, closures = [] }: DayData): GridGroup[] {
  const freeSeats = new Map<string, number>();
  for (const answer of desks) {
    for (const desk of answer.available_rooms) {
      freeSeats.set(`${desk.room_number}@${hourOf(answer.time_slot)}`, desk.free_seats ?? 0);
    }
  }
  const bookable = new Set<string>();
  for (const slot of day.slots) {
    for (const roomType of TYPE_ORDER) {
      for (const room of slot[roomType]?.room_numbers ?? []) {
        bookable.add(`${room}@${hourOf(slot.time_slot)}`);
      }
    }
  }
  const myCell = new Map<string, string>();
  for (const booking of mine) {
    if (booking.date !== day.date || booking.status !== 'ACTIVE') continue;
    for (let hour = hourOf(booking.time_slot); hour < hourOf(booking.end_time); hour++) {
      myCell.set(`${booking.room.room_number}@${hour}`, booking.booking_id);
    }
  }
  const closed = (room: Room, hour: number) =>
    closures.some(
      (closure) =>
        (closure.room === null || closure.room.id === room.id) &&
        closure.start_date <= day.date &&
        day.date <= closure.end_date &&
        hourOf(closure.start_time) <= hour &&
        hour < hourOf(closure.end_time),
    );
  const cellOf = (room: Room, hour: number): Cell => {
    const key = `${room.room_number}@${hour}`;
    const bookingId = myCell.get(key);
    const seats = room.room_type === 'SHARED_DESK' ? (freeSeats.get(key) ?? 0) : undefined;
    if (bookingId) return { hour, state: 'mine', bookingId, freeSeats: seats };
    if (closed(room, hour)) return { hour, state: 'closed' };
    const free = seats === undefined ? bookable.has(key) : seats > 0;
    return { hour, state: free ? 'free' : 'taken', freeSeats: seats };
  };
  return TYPE_ORDER.map((roomType) => ({
    roomType,
    label: TYPE_LABELS[roomType],
    rows: rooms
      .filter((room) => room.room_type === roomType)
      .map((room) => ({ room, cells: HOURS.map((hour) => cellOf(room, hour)) })),
  })).filter((group) => group.rows.length > 0);
}

/** Today in the browser's calendar, YYYY-MM-DD. */
export function today(): string {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}
