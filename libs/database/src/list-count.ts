import { EntityManager } from 'typeorm';
import { ListCount, MAX_PAGE_OFFSET } from '@app/core';

/**
 * Counts the rows of the statement `rows` (a SELECT, optionally with a WITH) exactly up to MAX_PAGE_OFFSET + 1 (enough to
 * decide every `?page=`, at a cost bounded whatever the history), and above that answers the
 * planner's estimate for the same statement, flagged: no page ever counts the whole history.
 */
export async function countUpTo(
  manager: EntityManager,
  rows: string,
  params: unknown[],
): Promise<ListCount> {
  const limit = MAX_PAGE_OFFSET + 1;
  const counted: { n: number }[] = await manager.query(
    `SELECT count(*)::int AS n FROM (${rows} LIMIT ${limit}) s`,
    params,
  );
  const exact = counted[0].n;
  if (exact < limit) return { value: exact, estimated: false };
  const plan: { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[] = await manager.query(
    `EXPLAIN (FORMAT JSON) ${rows}`,
    params,
  );
  const estimate = Math.round(plan[0]['QUERY PLAN'][0].Plan['Plan Rows']);
  return { value: Math.max(estimate, limit), estimated: true };
}
