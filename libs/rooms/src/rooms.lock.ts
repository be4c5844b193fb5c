/**
 * Transaction-level advisory lock taken exclusively by whatever creates or renumbers rooms and
 * by closures of every site: such a closure then sees every room that can be booked, and room
 * numbers are checked against each other one change at a time.
 */
export const ROOMS_LOCK_KEY = 7_646_000_005;

export const TAKE_ROOMS_LOCK_SQL = `SELECT pg_advisory_xact_lock(${ROOMS_LOCK_KEY}::bigint)`;

/**
 * One site's rooms: (class, site id), a key space apart from the single-key locks. Whatever
 * creates a room takes it exclusively after the rooms lock; a closure of that site only takes
 * it shared, instead of the rooms lock, so it still sees every room of its site while changes
 * elsewhere and other sites' closures do not wait for it.
 */
export const SITE_ROOMS_LOCK_CLASS = 764_600_006;

/** $1: the site id. */
export const TAKE_SITE_ROOMS_LOCK_SQL = `SELECT pg_advisory_xact_lock(${SITE_ROOMS_LOCK_CLASS}, $1::int)`;

/** $1: the site id. */
export const SHARE_SITE_ROOMS_LOCK_SQL = `SELECT pg_advisory_xact_lock_shared(${SITE_ROOMS_LOCK_CLASS}, $1::int)`;
