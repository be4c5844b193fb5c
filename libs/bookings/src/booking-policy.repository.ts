import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Transaction } from '@app/database';
import type { RoomType } from './allocation.policy';
import { ActiveHeld, HoursHeld, mergeScopes, PolicyScope, ScopedLimits } from './booking-policy';
import { POLICIES_SQL, POLICY_STATEMENTS } from './booking-policy.sql';

export type PolicyRow = {
  scope: PolicyScope;
  site_id: number | null;
  max_hours_per_day: number | null;
  max_hours_per_week: number | null;
  max_active_bookings: number | null;
  min_notice_min: number | null;
  cancel_cutoff_min: number | null;
  open_weekdays: number[] | null;
};

export const toScopedLimits = (r: PolicyRow): ScopedLimits => ({
  scope: r.scope,
  maxHoursPerDay: r.max_hours_per_day,
  maxHoursPerWeek: r.max_hours_per_week,
  maxActiveBookings: r.max_active_bookings,
  minNoticeMin: r.min_notice_min,
  cancelCutoffMin: r.cancel_cutoff_min,
  openWeekdays: r.open_weekdays,
});

/**
 * The statement that reads every scope's limits of the company and of the site `siteId`, for a
 * caller's pipeline; `effectiveLimits` merges what it answers.
 */
export const readPoliciesCall = (siteId: number | null) => ({
  statement: POLICY_STATEMENTS.policies,
  values: [siteId],
});

/** One row per scope: the company's and the site's limits, stricter wins. */
export const effectiveLimits = (rows: PolicyRow[]): ScopedLimits[] =>
  mergeScopes(rows.map(toScopedLimits));

type CountRow = {
  kind: 'hours' | 'active';
  member_id: number;
  date: string | null;
  room_type: RoomType;
  n: number;
};

@Injectable()
export class BookingPolicyRepository {
  /** Concurrent replacements take turns; bookings reading the policies do not wait for it. */
  async lockForReplace(manager: EntityManager): Promise<void> {
    await manager.query(`LOCK TABLE booking_policies IN SHARE ROW EXCLUSIVE MODE`);
  }

  /** The rows of the company (siteId null) or of the site only, as stored. */
  async findOwn(manager: EntityManager, siteId: number | null): Promise<ScopedLimits[]> {
    const rows: PolicyRow[] = await manager.query(POLICIES_SQL, [siteId]);
    return rows.filter((r) => r.site_id === siteId).map(toScopedLimits);
  }

  /** What binds bookings at the site (null: the company's rows alone). */
  async findEffective(manager: EntityManager, siteId: number | null): Promise<ScopedLimits[]> {
    return effectiveLimits(await manager.query(POLICIES_SQL, [siteId]));
  }

  async readWithin(tx: Transaction, siteId: number): Promise<ScopedLimits[]> {
    const [rows] = (await tx.run([readPoliciesCall(siteId)])) as [PolicyRow[]];
    return effectiveLimits(rows);
  }

  /**
   * Replaces every scope's row of the company (siteId null) or of one site; a scope with no
   * limit at all keeps no row.
   */
  async replaceAll(
    manager: EntityManager,
    siteId: number | null,
    scopes: ScopedLimits[],
  ): Promise<void> {
    const kept = scopes.filter((s) =>
      [
        s.maxHoursPerDay,
        s.maxHoursPerWeek,
        s.maxActiveBookings,
        s.minNoticeMin,
        s.cancelCutoffMin,
        s.openWeekdays,
      ].some((v) => v !== null),
    );
    await manager.query(`DELETE FROM booking_policies WHERE site_id IS NOT DISTINCT FROM $1`, [
      siteId,
    ]);
    if (kept.length === 0) return;
    await manager.query(
      `INSERT INTO booking_policies (scope, site_id, max_hours_per_day, max_hours_per_week,
         max_active_bookings, min_notice_min, cancel_cutoff_min, open_weekdays)
       SELECT x.scope, $2::int, x.d, x.w, x.a, x.n, x.c,
              CASE WHEN x.o IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(x.o)::smallint) END
       FROM jsonb_to_recordset($1::jsonb)
         AS x(scope text, d smallint, w smallint, a int, n int, c int, o jsonb)`,
      [
        JSON.stringify(
          kept.map((s) => ({
            scope: s.scope,
            d: s.maxHoursPerDay,
            w: s.maxHoursPerWeek,
            a: s.maxActiveBookings,
            n: s.minNoticeMin,
            c: s.cancelCutoffMin,
            o: s.openWeekdays,
          })),
        ),
        siteId,
      ],
    );
  }

  /**
   * One round trip: (with `lock`) the members FOR NO KEY UPDATE in id order, then (a fresh snapshot, after
   * the lock) their hours from `from` to `to` and their active bookings at `today`/`hour`,
   * leaving out `exceptPk` (a booking being moved; 0 for none).
   */
  async lockAndCount(
    tx: Transaction,
    q: {
      memberIds: number[];
      from: string;
      to: string;
      today: string;
      hour: number;
      exceptPk: number;
      /** false: count only (a dry run). */
      lock: boolean;
    },
  ): Promise<{ hours: HoursHeld[]; active: ActiveHeld[] }> {
    const ids = [...q.memberIds].sort((a, b) => a - b);
    const count = {
      statement: POLICY_STATEMENTS.quotaCounts,
      values: [ids, q.from, q.to, q.today, q.hour, q.exceptPk],
    };
    const results = await tx.run(
      q.lock ? [{ statement: POLICY_STATEMENTS.lockMembers, values: [ids] }, count] : [count],
    );
    const rows = results[results.length - 1] as CountRow[];
    const hours: HoursHeld[] = [];
    const active: ActiveHeld[] = [];
    for (const r of rows) {
      if (r.kind === 'hours') {
        hours.push({
          memberId: r.member_id,
          date: r.date ?? '',
          roomType: r.room_type,
          hours: r.n,
        });
      } else {
        active.push({ memberId: r.member_id, roomType: r.room_type, bookings: r.n });
      }
    }
    return { hours, active };
  }
}
