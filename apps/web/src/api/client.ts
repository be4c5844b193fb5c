import { ApiError, type FieldError } from '@client/api-error';
import { BookingClient, unwrap } from '@client/booking-client';
import type { components, paths } from '@client/openapi';
import type { TokenPair } from '@client/token-session';

/**
 * The one way the app talks to the API: the TypeScript client's openapi-fetch client, typed
 * from the committed openapi.json, with its quiet token refresh. Screens call the functions
 * below (or `api.raw` for a new endpoint), never fetch.
 */
type Schemas = components['schemas'];
export type Room = Schemas['RoomResponse'];
export type RoomType = Room['room_type'];
export type DayAvailability = Schemas['DayAvailabilityResponse'];
export type AvailableRooms = Schemas['AvailableRoomsResponse'];
export type Booking = Schemas['BookingResponse'];
export type MyBookings = Schemas['MyBookingsResponse'];
export type RegisterRequest = Schemas['RegisterRequest'];
/** The booking body: one variant per room type (the document's oneOf on room_type). */
export type CreateBookingRequest = NonNullable<
  paths['/api/v1/bookings']['post']['requestBody']
>['content']['application/json'];
export type Member = Schemas['MemberResponse'] | Schemas['MemberSummaryResponse'];
export type MemberPage = Schemas['MemberPageResponse'];
export type WaitlistEntry = Schemas['WaitlistEntryResponse'];
export type Team = Schemas['TeamResponse'];
export type TeamPage = Schemas['TeamPageResponse'];
export type BookingPage = Schemas['BookingPageResponse'];
export type Closure = Schemas['ClosureResponse'];
export type CreateRoomRequest = Schemas['CreateRoomRequest'];
export type CreateClosureRequest = Schemas['CreateClosureRequest'];
export type Policies = Schemas['PoliciesResponse'];
export type PutPoliciesRequest = Schemas['PutPoliciesRequest'];
export type BookingFilters = NonNullable<paths['/api/v1/bookings']['get']['parameters']['query']>;
export type UpdateRoomRequest = Schemas['UpdateRoomRequest'];
/** The series body: a booking's per room type, with start_date and the recurrence rule. */
export type CreateSeriesRequest = NonNullable<
  paths['/api/v1/bookings/series']['post']['requestBody']
>['content']['application/json'];
export type Recurrence = Schemas['RecurrenceRequest'];
export type Series = Schemas['SeriesResponse'];
export type SeriesPreview = Schemas['SeriesPreviewResponse'];
export type SeriesCancel = Schemas['SeriesCancelResponse'];
export type WaitlistPage = Schemas['WaitlistPageResponse'];
export type UtilisationReport = Schemas['UtilisationResponse'];
export type UtilisationRow = Schemas['UtilisationRowResponse'];
export type UtilisationQuery = paths['/api/v1/reports/utilisation']['get']['parameters']['query'];
export type AuditPage = Schemas['AuditPageResponse'];
export type AuditEntry = Schemas['AuditEntryResponse'];
export type AuditFilters = NonNullable<paths['/api/v1/audit']['get']['parameters']['query']>;
export type Site = Schemas['SiteResponse'];
export type CreateSiteRequest = Schemas['CreateSiteRequest'];
export type UpdateSiteRequest = Schemas['UpdateSiteRequest'];
export type Webhook = Schemas['WebhookResponse'];
export type CreatedWebhook = Schemas['CreatedWebhookResponse'];
export type WebhookPage = Schemas['WebhookPageResponse'];
export type WebhookEventName = Schemas['WebhookEventName'];
export type CreateWebhookRequest = Schemas['CreateWebhookRequest'];
export type UpdateWebhookRequest = Schemas['UpdateWebhookRequest'];
export type WebhookAttempt = Schemas['WebhookAttemptResponse'];
export type WebhookAttemptPage = Schemas['WebhookAttemptPageResponse'];
export { ApiError, unwrap };
export type { FieldError };

export const PAGE_SIZE = 100;
const TOKENS_KEY = 'workspace-booking.tokens';

/** Who is signed in, read from the access token's claims (the API checks them; this only shows). */
export interface SignedIn {
  id: number;
  username: string;
  role: 'admin' | 'user';
}

function loadTokens(): TokenPair | null {
  try {
    const saved = JSON.parse(localStorage.getItem(TOKENS_KEY) ?? 'null') as TokenPair | null;
    return saved && typeof saved.access === 'string' && typeof saved.refresh === 'string'
      ? saved
      : null;
  } catch {
    return null;
  }
}

function signedInFrom(tokens: TokenPair | null): SignedIn | null {
  if (!tokens) return null;
  try {
    const payload = tokens.access.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload)) as { sub: string; username: string; role: string };
    return {
      id: Number(claims.sub),
      username: claims.username,
      role: claims.role === 'admin' ? 'admin' : 'user',
    };
  } catch {
    return null;
  }
}

const listeners = new Set<() => void>();
let signedIn: SignedIn | null = null;

export const api = new BookingClient({
  baseUrl: window.location.origin,
  tokens: loadTokens(),
  // Login, a quiet refresh, logout, or a refused refresh (the session is over: back to login).
  onTokens: (tokens) => {
    if (tokens) localStorage.setItem(TOKENS_KEY, JSON.stringify(tokens));
    else localStorage.removeItem(TOKENS_KEY);
    signedIn = signedInFrom(tokens);
    listeners.forEach((listener) => listener());
  },
});
signedIn = signedInFrom(api.tokens);

export const session = {
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  current: (): SignedIn | null => signedIn,
};

/** An Idempotency-Key per attempt: a double submit books once. Works outside secure contexts too. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Every room, or one site's (`site`: a code) when given. */
export const rooms = (site?: string): Promise<Room[]> =>
  site ? unwrap(api.raw.GET('/api/v1/rooms', { params: { query: { site } } })) : api.rooms();

/** One site's day (`site` omitted: the only site, or the caller's home site). */
export const dayAvailability = (date: string, site?: string): Promise<DayAvailability> =>
  unwrap(api.raw.GET('/api/v1/rooms/availability', { params: { query: { date, site } } }));

/** Free seats per shared desk in one hour (the day view sums them over the desks). */
export const freeDesks = (date: string, timeSlot: string, site?: string): Promise<AvailableRooms> =>
  api.availableRooms({ date, time_slot: timeSlot, room_type: 'SHARED_DESK', site });

/** The offices (anyone signed in); a fresh workspace has one, HQ. */
export const sites = (): Promise<Site[]> => unwrap(api.raw.GET('/api/v1/sites'));

/** A new site (admin); 409 when the code is taken, 400 naming the field otherwise. */
export const createSite = (site: CreateSiteRequest): Promise<Site> =>
  unwrap(api.raw.POST('/api/v1/sites', { body: site }));

export const updateSite = (id: number, change: UpdateSiteRequest): Promise<Site> =>
  unwrap(api.raw.PATCH('/api/v1/sites/{id}', { params: { path: { id } }, body: change }));

/** One member's record (a member may read only their own). */
export const member = (id: number) =>
  unwrap(api.raw.GET('/api/v1/users/{id}', { params: { path: { id } } }));

/** The member's home site (a code, or null): the one field members may set on their own record. */
export const setHomeSite = (id: number, homeSite: string | null) =>
  unwrap(
    api.raw.PATCH('/api/v1/users/{id}', {
      params: { path: { id } },
      body: { home_site: homeSite },
    }),
  );

/** Webhook endpoints (admin), oldest first; `cursor` is the previous page's next_cursor. */
export const webhooks = (cursor?: string): Promise<WebhookPage> =>
  unwrap(
    api.raw.GET('/api/v1/webhooks', {
      params: { query: cursor ? { cursor, page_size: PAGE_SIZE } : { page_size: PAGE_SIZE } },
    }),
  );

/** A new endpoint (admin); the answer carries the signing secret, this once only. */
export const createWebhook = (body: CreateWebhookRequest): Promise<CreatedWebhook> =>
  unwrap(api.raw.POST('/api/v1/webhooks', { body }));

export const updateWebhook = (id: number, change: UpdateWebhookRequest): Promise<Webhook> =>
  unwrap(api.raw.PATCH('/api/v1/webhooks/{id}', { params: { path: { id } }, body: change }));

export const deleteWebhook = (id: number) =>
  unwrap(api.raw.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } }));

/** An endpoint's delivery attempts; `cursor` is the previous page's next_cursor. */
export const webhookDeliveries = (id: number, cursor?: string): Promise<WebhookAttemptPage> =>
  unwrap(
    api.raw.GET('/api/v1/webhooks/{id}/deliveries', {
      params: {
        path: { id },
        query: cursor ? { cursor, page_size: PAGE_SIZE } : { page_size: PAGE_SIZE },
      },
    }),
  );

export const myBookings = () => api.myBookings();

export const book = (booking: CreateBookingRequest, idempotencyKey: string) =>
  unwrap(
    api.raw.POST('/api/v1/bookings', {
      body: booking,
      params: { header: { 'Idempotency-Key': idempotencyKey } },
    }),
  );

/** In line for a taken slot: the body a booking would send; 409 SLOT_AVAILABLE when it is free. */
export const joinWaitlist = (request: CreateBookingRequest, idempotencyKey: string) =>
  unwrap(
    api.raw.POST('/api/v1/waitlist', {
      body: request,
      params: { header: { 'Idempotency-Key': idempotencyKey } },
    }),
  );

export const cancelBooking = (bookingId: string) => api.cancel(bookingId);

/** What a series would book and which dates would be refused (each with its detail); writes nothing. */
export const previewSeries = (series: CreateSeriesRequest): Promise<SeriesPreview> =>
  unwrap(
    api.raw.POST('/api/v1/bookings/series', { body: { ...series, dry_run: true } }),
  ) as Promise<SeriesPreview>;

export const bookSeries = (series: CreateSeriesRequest, idempotencyKey: string): Promise<Series> =>
  unwrap(
    api.raw.POST('/api/v1/bookings/series', {
      body: { ...series, dry_run: false },
      params: { header: { 'Idempotency-Key': idempotencyKey } },
    }),
  ) as Promise<Series>;

/** Cancels the occurrences not yet begun (from `fromDate` on when given). */
export const cancelSeries = (seriesId: string, fromDate?: string): Promise<SeriesCancel> =>
  unwrap(
    api.raw.POST('/api/v1/series/{series_id}/cancel', {
      params: { path: { series_id: seriesId } },
      body: fromDate ? { from_date: fromDate } : {},
    }),
  );

/** The waitlist entries the caller made (an admin: everyone's), oldest first. */
export const waitlist = (cursor?: string): Promise<WaitlistPage> =>
  unwrap(
    api.raw.GET('/api/v1/waitlist', {
      params: { query: cursor ? { cursor, page_size: PAGE_SIZE } : { page_size: PAGE_SIZE } },
    }),
  );

export const leaveWaitlist = (id: number) =>
  unwrap(api.raw.DELETE('/api/v1/waitlist/{id}', { params: { path: { id } } }));

/** The API decides whether the check-in window is open (409 CHECK_IN_CLOSED otherwise). */
export const checkIn = (bookingId: string) =>
  unwrap(
    api.raw.POST('/api/v1/bookings/{booking_id}/check-in', {
      params: { path: { booking_id: bookingId } },
    }),
  );

/** The booking as an .ics file; fetched with the token (a plain link would carry none). */
/** The utilisation report (admin) per room and per room type over from..to. */
export const utilisationReport = async (query: UtilisationQuery): Promise<UtilisationReport> =>
  // Asked for as JSON: the CSV member of the documented answer cannot come back.
  (await unwrap(
    api.raw.GET('/api/v1/reports/utilisation', {
      params: { query },
      headers: { Accept: 'application/json' },
    }),
  )) as UtilisationReport;

/** The same report as the API's CSV (Accept: text/csv), for a download. */
export const utilisationCsv = (query: UtilisationQuery): Promise<Blob> =>
  unwrap<Blob>(
    api.raw.GET('/api/v1/reports/utilisation', {
      params: { query },
      headers: { Accept: 'text/csv' },
      parseAs: 'blob',
    }),
  );

export const bookingIcs = (bookingId: string): Promise<Blob> =>
  unwrap<Blob>(
    api.raw.GET('/api/v1/bookings/{booking_id}/ics', {
      params: { path: { booking_id: bookingId } },
      parseAs: 'blob',
    }),
  );

/** A (new) secret subscription URL of the caller's bookings; an earlier one stops working. */
export const createCalendarFeed = () => unwrap(api.raw.POST('/api/v1/calendar-feed'));

/** A first password with the one-time token of a `set_password_url` (no login needed). */
export const setPassword = (token: string, password: string) =>
  unwrap(api.raw.POST('/api/v1/password/set', { body: { token, password } }));

export const members = (page = 1): Promise<MemberPage> =>
  unwrap(api.raw.GET('/api/v1/users', { params: { query: { page, page_size: PAGE_SIZE } } }));

export const teams = (page = 1): Promise<TeamPage> =>
  unwrap(api.raw.GET('/api/v1/teams', { params: { query: { page, page_size: PAGE_SIZE } } }));

export const allBookings = (filters: BookingFilters): Promise<BookingPage> =>
  unwrap(api.raw.GET('/api/v1/bookings', { params: { query: filters } }));

/** The workspace's booking policies (anyone signed in). */
export const policies = (): Promise<Policies> => unwrap(api.raw.GET('/api/v1/policies'));

/** Replaces the booking policies (admin); a 400 names the field as the API spells it. */
export const setPolicies = (body: PutPoliciesRequest): Promise<Policies> =>
  unwrap(api.raw.PUT('/api/v1/policies', { body }));
/** The audit log, newest first (admin); `cursor` is the previous page's next_cursor. */
export const auditLog = (filters: AuditFilters): Promise<AuditPage> =>
  unwrap(api.raw.GET('/api/v1/audit', { params: { query: filters } }));

/** A new room (admin); 409 ROOM_NUMBER_TAKEN when the number is in use. */
export const createRoom = (room: CreateRoomRequest): Promise<Room> =>
  unwrap(api.raw.POST('/api/v1/rooms', { body: room }));

/** Closes one room for some dates (admin); whole days when no times are given. */
export const closeRoom = (roomId: number, closure: CreateClosureRequest): Promise<Closure> =>
  unwrap(
    api.raw.POST('/api/v1/rooms/{id}/closures', {
      params: { path: { id: roomId } },
      body: closure,
    }),
  );

/** Rename, resize, deactivate or reactivate (admin); 409 ROOM_IN_USE while bookings need it. */
export const updateRoom = (roomId: number, change: UpdateRoomRequest): Promise<Room> =>
  unwrap(api.raw.PATCH('/api/v1/rooms/{id}', { params: { path: { id: roomId } }, body: change }));

/** Closes every room for some dates (admin). */
export const closeWorkspace = (closure: CreateClosureRequest): Promise<Closure> =>
  unwrap(api.raw.POST('/api/v1/closures', { body: closure }));

/** Lifts a closure (admin): a room's, or a workspace-wide one (room null). */
export const liftClosure = (closure: Closure) =>
  closure.room
    ? unwrap(
        api.raw.DELETE('/api/v1/rooms/{id}/closures/{closure_id}', {
          params: { path: { id: closure.room.id, closure_id: closure.id } },
        }),
      )
    : unwrap(api.raw.DELETE('/api/v1/closures/{id}', { params: { path: { id: closure.id } } }));

/** The room's own closures (any signed-in member may read them). */
export const roomClosures = (roomId: number): Promise<Closure[]> =>
  unwrap(api.raw.GET('/api/v1/rooms/{id}/closures', { params: { path: { id: roomId } } }));

/** Closures of every room at once (any signed-in member may read them). */
export const workspaceClosures = (): Promise<Closure[]> => unwrap(api.raw.GET('/api/v1/closures'));

/** Every page of a paginated list (members to pick co-workers from). */
export async function everyPage<T>(
  load: (page: number) => Promise<{ results: T[]; next?: string | null }>,
): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; ; page++) {
    const answer = await load(page);
    all.push(...answer.results);
    if (!answer.next) return all;
  }
}

/** What to show for a failed call: the API's `detail`, and its per-field messages. */
export interface Problem {
  detail: string;
  fields: FieldError[];
}

export function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) return { detail: error.detail, fields: error.errors };
  if (error instanceof TypeError) {
    return { detail: 'The booking service could not be reached. Try again.', fields: [] };
  }
  return { detail: error instanceof Error ? error.message : String(error), fields: [] };
}
