import { EntityManager } from 'typeorm';
import { ListCount, MAX_PAGE_OFFSET } from '@app/core';

/**
 * With `estimateFirst`, an estimate at least this many times the bound is answered without
 * counting. For a whole table the estimate is its statistics (pg_class.reltuples scaled to the
 * table's current pages), off by the rows changed since the last autovacuum or analyze (10-20%
 * of the table by default), far from a factor of two.
 */
const TRUSTED_ESTIMATE_FACTOR = 2;

/**
 * Counts the rows of the statement `rows` (a SELECT, optionally with a WITH) exactly up to
 * MAX_PAGE_OFFSET + 1 (enough to decide every `?page=`, at a cost bounded whatever the
 * history), and above that answers the planner's estimate for the same statement, flagged: no
 * page ever counts the whole history. `estimateFirst` (for statements whose estimate is
 * reliable, such as a whole table) asks the planner first and skips the count, 10,001 rows
 * read on every page, when the estimate is far past the bound.
 */
export async function countUpTo(
  manager: EntityManager,
  rows: string,
  params: unknown[],
  options: { estimateFirst?: boolean } = {},
): Promise<ListCount> {
  const limit = MAX_PAGE_OFFSET + 1;
  if (options.estimateFirst) {
    const estimate = await estimateOf(manager, rows, params);
    if (estimate >= TRUSTED_ESTIMATE_FACTOR * limit) return { value: estimate, estimated: true };
  }
  const counted: { n: number }[] = await manager.query(
    `SELECT count(*)::int AS n FROM (${rows} LIMIT ${limit}) s`,
    params,
  );
  const exact = counted[0].n;
  if (exact < limit) return { value: exact, estimated: false };
  return { value: Math.max(await estimateOf(manager, rows, params), limit), estimated: true };
}

/** The planner's row estimate for the statement: planned, not run. */
async function estimateOf(manager: EntityManager, rows: string, params: unknown[]) {
  const plan: { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[] = await manager.query(
    `EXPLAIN (FORMAT JSON) ${rows}`,
    params,
  );
  return Math.round(plan[0]['QUERY PLAN'][0].Plan['Plan Rows']);
}
