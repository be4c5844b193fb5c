/**
 * Transaction-level advisory lock taken exclusively by whatever creates or renumbers rooms and
 * by workspace-wide closures: a closure of every room then sees every room that can be
 * booked, and room numbers are checked against each other one change at a time.
 */
export const ROOMS_LOCK_KEY = 7_646_000_005;

export const TAKE_ROOMS_LOCK_SQL = `SELECT pg_advisory_xact_lock(${ROOMS_LOCK_KEY}::bigint)`;
