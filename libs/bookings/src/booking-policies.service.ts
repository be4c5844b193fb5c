import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@app/audit';
import { runInTransaction } from '@app/database';
import type { RoomType } from './allocation.policy';
import { NO_LIMITS, PolicyLimits, ScopedLimits } from './booking-policy';
import { BookingPolicyRepository } from './booking-policy.repository';

const ROOM_TYPES: RoomType[] = ['PRIVATE', 'CONFERENCE', 'SHARED_DESK'];

/** The workspace's policies: the limits for all room types and those of each type. */
export interface BookingPolicies {
  all: PolicyLimits;
  byRoomType: Record<RoomType, PolicyLimits>;
}

/** Reading and replacing the booking policies; the booking paths enforce them. */
@Injectable()
export class BookingPoliciesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policies: BookingPolicyRepository,
  ) {}

  /** Read from the primary, so a client sees its own PUT at once. */
  async getPolicies(): Promise<BookingPolicies> {
    return policiesOf(await this.policies.findAll(this.dataSource.manager));
  }

  /**
   * Replaces every limit (what is not given has none). The table lock makes concurrent
   * replacements take turns; bookings reading the policies do not wait for it.
   */
  async setPolicies(
    actorId: number,
    next: {
      all: Partial<PolicyLimits>;
      byRoomType: Partial<Record<RoomType, Partial<PolicyLimits>>>;
    },
  ): Promise<BookingPolicies> {
    const scoped: ScopedLimits[] = [
      { ...NO_LIMITS, ...next.all, scope: 'ALL' },
      ...ROOM_TYPES.map((t) => ({ ...NO_LIMITS, ...next.byRoomType[t], scope: t })),
    ];
    return runInTransaction(this.dataSource, async ({ manager }) => {
      await manager.query(`LOCK TABLE booking_policies IN SHARE ROW EXCLUSIVE MODE`);
      const before = policiesOf(await this.policies.findAll(manager));
      await this.policies.replaceAll(manager, scoped);
      const after = policiesOf(await this.policies.findAll(manager));
      await AuditTrail.record(manager, {
        actorId,
        action: 'policy.updated',
        entity: 'policy',
        entityId: null,
        data: { before: policiesJson(before), after: policiesJson(after) },
      });
      return after;
    });
  }
}

function policiesOf(rows: ScopedLimits[]): BookingPolicies {
  const limitsOf = (scope: string): PolicyLimits => {
    const row = rows.find((r) => r.scope === scope);
    if (!row) return { ...NO_LIMITS };
    const { scope: _scope, ...limits } = row;
    return limits;
  };
  return {
    all: limitsOf('ALL'),
    byRoomType: {
      PRIVATE: limitsOf('PRIVATE'),
      CONFERENCE: limitsOf('CONFERENCE'),
      SHARED_DESK: limitsOf('SHARED_DESK'),
    },
  };
}

/** The audit's copy in the API's field names. */
function policiesJson(policies: BookingPolicies): Record<string, unknown> {
  const snake = (limits: PolicyLimits) =>
    Object.fromEntries(
      Object.entries(limits).map(([key, value]) => [
        key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
        value,
      ]),
    );
  return {
    all: snake(policies.all),
    by_room_type: Object.fromEntries(
      ROOM_TYPES.map((type) => [type, snake(policies.byRoomType[type])]),
    ),
  };
}
