import createClient, { type Client } from 'openapi-fetch';
import { ApiError } from './api-error';
import type { components, paths } from './openapi';
import { type Fetch, type TokenPair, TokenSession } from './token-session';

type Schemas = components['schemas'];
export type RegisterRequest = Schemas['RegisterRequest'];
export type RegisterResponse = Schemas['RegisterResponse'];
export type Room = Schemas['RoomResponse'];
export type RoomType = Room['room_type'];
export type AvailableRooms = Schemas['AvailableRoomsResponse'];
export type AvailableRoomsQuery = paths['/api/v1/rooms/available']['get']['parameters']['query'];
export type DayAvailability = Schemas['DayAvailabilityResponse'];
/** One of PrivateBookingRequest, ConferenceBookingRequest, SharedDeskBookingRequest (by room_type). */
export type CreateBookingRequest = NonNullable<
  paths['/api/v1/bookings']['post']['requestBody']
>['content']['application/json'];
export type Booking = Schemas['BookingResponse'];
export type MyBookings = Schemas['MyBookingsResponse'];
export type Message = Schemas['MessageResponse'];

export interface BookingClientOptions {
  /** Where the API is served, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** A pair saved from an earlier session. */
  tokens?: TokenPair | null;
  /** Called whenever the pair changes (login, quiet refresh, logout, refused refresh), to persist it. */
  onTokens?: (tokens: TokenPair | null) => void;
  /** Used instead of the global fetch. */
  fetch?: Fetch;
}

/** The answer of an openapi-fetch call, whatever the operation. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a 2xx answer; anything else is thrown as an ApiError. */
export async function unwrap<T>(pending: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await pending;
  if (!response.ok) throw ApiError.from(response, error);
  return data as T;
}

/**
 * The booking API with its tokens: every call carries the access token, a 401 is answered by
 * one quiet refresh and one replay, and an error answer is thrown as an {@link ApiError}.
 */
export class BookingClient {
  /**
   * The typed openapi-fetch client for what is not wrapped here, on the same tokens and quiet
   * refresh. It answers `{ data, error, response }` instead of throwing; {@link unwrap} throws.
   */
  readonly raw: Client<paths>;
  private readonly session: TokenSession;

  constructor(options: BookingClientOptions) {
    const fetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
    this.session = new TokenSession({
      baseUrl: options.baseUrl,
      fetch,
      tokens: options.tokens ?? null,
      onTokens: options.onTokens,
    });
    this.raw = createClient<paths>({ baseUrl: options.baseUrl, fetch: this.session.fetch });
  }

  /** The pair in use, or null when logged out (or after the API refused a refresh). */
  get tokens(): TokenPair | null {
    return this.session.tokens;
  }

  setTokens(tokens: TokenPair | null): void {
    this.session.set(tokens);
  }

  /** Creates the account and its member profile, and keeps the tokens it answers with. */
  async register(account: RegisterRequest): Promise<RegisterResponse> {
    const registered = await unwrap(this.raw.POST('/api/v1/register', { body: account }));
    this.session.set({ access: registered.access, refresh: registered.refresh });
    return registered;
  }

  async login(username: string, password: string): Promise<TokenPair> {
    const pair = await unwrap(this.raw.POST('/api/token', { body: { username, password } }));
    this.session.set({ access: pair.access, refresh: pair.refresh });
    return pair;
  }

  /** Revokes the refresh token's family on the API; the tokens are dropped here even if that fails. */
  async logout(): Promise<void> {
    const tokens = this.session.tokens;
    if (!tokens) return;
    try {
      await unwrap(this.raw.POST('/api/token/logout', { body: { refresh: tokens.refresh } }));
    } finally {
      this.session.set(null);
    }
  }

  /** All rooms, ordered by room number. */
  rooms(): Promise<Room[]> {
    return unwrap(this.raw.GET('/api/v1/rooms'));
  }

  /** Rooms free in one hour; a shared desk is listed while it has a free seat. */
  availableRooms(query: AvailableRoomsQuery): Promise<AvailableRooms> {
    return unwrap(this.raw.GET('/api/v1/rooms/available', { params: { query } }));
  }

  /** Every hour of `date` (YYYY-MM-DD) with the free rooms and desk seats per type. */
  availability(date: string, roomType?: RoomType): Promise<DayAvailability> {
    return unwrap(
      this.raw.GET('/api/v1/rooms/availability', {
        params: { query: { date, room_type: roomType } },
      }),
    );
  }

  book(booking: CreateBookingRequest): Promise<Booking> {
    return unwrap(this.raw.POST('/api/v1/bookings', { body: booking }));
  }

  /** One booking by its `booking_id` (e.g. `BK20260105100000P01`). */
  booking(bookingId: string): Promise<Booking> {
    return unwrap(
      this.raw.GET('/api/v1/bookings/{booking_id}', {
        params: { path: { booking_id: bookingId } },
      }),
    );
  }

  /** The caller's bookings, active and cancelled, including those they take part in. */
  myBookings(): Promise<MyBookings> {
    return unwrap(this.raw.GET('/api/v1/bookings/my-bookings'));
  }

  cancel(bookingId: string): Promise<Message> {
    return unwrap(
      this.raw.POST('/api/v1/cancel/{booking_id}', {
        params: { path: { booking_id: bookingId } },
      }),
    );
  }
}
