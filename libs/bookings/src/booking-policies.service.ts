import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@app/audit';
import { runInTransaction } from '@app/database';
import { SitesService } from '@app/rooms';
import type { RoomType } from './allocation.policy';
import { NO_LIMITS, PolicyLimits, ScopedLimits } from './booking-policy';
import { BookingPolicyRepository } from './booking-policy.repository';

const ROOM_TYPES: RoomType[] = ['PRIVATE', 'CONFERENCE', 'SHARED_DESK'];

/** The workspace's policies: the limits for all room types and those of each type. */
export interface BookingPolicies {
  all: PolicyLimits;
  byRoomType: Record<RoomType, PolicyLimits>;
  /** The site's code when the document is a site's; absent for the company's. */
  site?: string;
}

/** Reading and replacing the booking policies; the booking paths enforce them. */
@Injectable()
export class BookingPoliciesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policies: BookingPolicyRepository,
    private readonly sites: SitesService,
  ) {}

  /**
   * The company's policies, or (`site` code) what binds bookings at that site: its own limits
   * and the company's, stricter wins. Read from the primary, so a client sees its own PUT at once.
   */
  async getPolicies(site?: string): Promise<BookingPolicies> {
    if (site === undefined) {
      return policiesOf(await this.policies.findEffective(this.dataSource.manager, null));
    }
    const { id, code } = await this.sites.siteByCode(site);
    return {
      ...policiesOf(await this.policies.findEffective(this.dataSource.manager, id)),
      site: code,
    };
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
    /** A site's code: replaces that site's own limits only (the company's stay). */
    site?: string,
  ): Promise<BookingPolicies> {
    const target = site === undefined ? null : await this.sites.siteByCode(site);
    const siteId = target?.id ?? null;
    const scoped: ScopedLimits[] = [
      { ...NO_LIMITS, ...next.all, scope: 'ALL' },
      ...ROOM_TYPES.map((t) => ({ ...NO_LIMITS, ...next.byRoomType[t], scope: t })),
    ];
    return runInTransaction(this.dataSource, async ({ manager }) => {
      await this.policies.lockForReplace(manager);
      const before = policiesOf(await this.policies.findOwn(manager, siteId));
      await this.policies.replaceAll(manager, siteId, scoped);
      const after = policiesOf(await this.policies.findOwn(manager, siteId));
      await AuditTrail.record(manager, {
        actorId,
        action: 'policy.updated',
        entity: 'policy',
        entityId: target?.code ?? null,
        data: { before: policiesJson(before), after: policiesJson(after) },
      });
      return target ? { ...after, site: target.code } : after;
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
