import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { addDays, APP_CONFIG, AppConfig, CLOCK, Clock, DomainError, localMoment } from '@app/core';
import { AuditEntry, AuditTrail } from '@app/audit';
import { runInTransaction } from '@app/database';
import { Outbox } from '@app/webhooks';
import { bookingChangedData } from './booking-events';
import {
  SHARE_SITE_ROOMS_LOCK_SQL,
  SitesService,
  SiteView,
  TAKE_ROOMS_LOCK_SQL,
  UnknownRoom,
} from '@app/rooms';
import type { RoomType } from './allocation.policy';
import { ClosureRequest, ClosureWindow, closureWindow, datesOf } from './closure.policy';
import {
  ClosureRecord,
  ClosureRepository,
  ClosureTarget,
  ConflictingBooking,
} from './closure.repository';
import { HoursFreedHooks, SiteFreedHours } from './hours-freed';

export interface NewClosure extends ClosureRequest {
  reason: string;
  cancelConflicting?: boolean;
  /** A workspace-wide closure of one site's rooms only (a code); absent: every site's. */
  site?: string;
}

export class ClosureNotFound extends DomainError {
  constructor() {
    super('CLOSURE_NOT_FOUND', 'Closure not found');
  }
}

const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** Active bookings inside the window, each named in `errors`. */
export class ClosureConflict extends DomainError {
  constructor(bookings: ConflictingBooking[]) {
    super(
      'CLOSURE_CONFLICT',
      `Active bookings lie inside the closure: ${bookings.map((b) => b.bookingId).join(', ')}. ` +
        'Cancel them first, or send cancel_conflicting: true.',
      bookings.map((b) => ({
        field: b.bookingId,
        message: `active booking on ${b.date} ${hh(b.startHour)}-${hh(b.endHour)}`,
      })),
    );
  }
}

const ROOM_TYPES: readonly RoomType[] = ['PRIVATE', 'CONFERENCE', 'SHARED_DESK'];

/** A closure's audit row: under the room it closes (entity_id null for the whole workspace). */
const closureAudit = (
  actorId: number,
  action: 'closure.created' | 'closure.lifted',
  closure: ClosureRecord,
  extra: Record<string, unknown>,
): AuditEntry => ({
  actorId,
  action,
  entity: 'room',
  entityId: closure.room?.id ?? null,
  data: {
    closure_id: closure.id,
    start_date: closure.startDate,
    end_date: closure.endDate,
    start_hour: closure.startHour,
    end_hour: closure.endHour,
    ...extra,
  },
});

/**
 * Closures of one room, of one site's rooms, or of every room. Creating one serializes with
 * the bookings it could conflict with on the booking path's own lock rows: it locks the
 * room-day rows of the rooms and dates it covers (by date, then room id, as bookings do) and
 * only then reads the active bookings inside it; a booking reads the closures after taking its
 * room-day lock. So a booking either committed first (the closure sees it: 409, or cancels it)
 * or waits for the closure and then sees it. So that no room is created meanwhile that it
 * would not cover, a closure of every site takes the rooms lock, a closure of one site only
 * that site's rooms lock (shared), which room creation takes after the rooms lock.
 */
@Injectable()
export class ClosuresService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly closures: ClosureRepository,
    private readonly hoursFreed: HoursFreedHooks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sites: SitesService,
  ) {}

  async createClosure(
    actor: { memberId: number },
    roomId: number | null,
    request: NewClosure,
  ): Promise<ClosureRecord> {
    if (roomId !== null && !(await this.closures.findRoom(this.dataSource.manager, roomId))) {
      throw new UnknownRoom();
    }
    const site =
      roomId === null && request.site !== undefined
        ? await this.sites.siteByCode(request.site)
        : null;
    const target: ClosureTarget = { roomId, siteId: site?.id ?? null };
    const window = closureWindow(request, await this.todayFor(roomId, site));
    // The lock rows are created (and committed) beforehand, so the transaction below only locks
    // rows that exist and never waits on a booking's insert of one while holding others.
    await this.closures.ensureRoomDays(
      this.dataSource.manager,
      target,
      window.startDate,
      window.endDate,
    );
    return runInTransaction(
      this.dataSource,
      async (tx) => {
        const { manager } = tx;
        if (target.siteId !== null) await manager.query(SHARE_SITE_ROOMS_LOCK_SQL, [target.siteId]);
        else if (roomId === null) await manager.query(TAKE_ROOMS_LOCK_SQL);
        else if (!(await this.closures.findRoom(manager, roomId))) throw new UnknownRoom();
        await this.lockRoomDays(manager, target, window);
        const conflicting = await this.closures.findActiveBookingsIn(manager, target, window);
        if (conflicting.length > 0 && !request.cancelConflicting) {
          throw new ClosureConflict(conflicting);
        }
        await this.closures.cancelBookings(
          manager,
          conflicting.map((b) => b.id),
          actor.memberId,
        );
        await Outbox.enqueue(
          manager,
          'booking.cancelled',
          conflicting.map((b) =>
            bookingChangedData(b, { cancelled_by: actor.memberId, reason: 'closure' }),
          ),
        );
        const closure = await this.closures.insert(manager, {
          ...window,
          ...target,
          reason: request.reason,
          createdBy: actor.memberId,
        });
        await AuditTrail.recordMany(manager, [
          closureAudit(actor.memberId, 'closure.created', closure, {
            reason: closure.reason,
            cancelled_booking_ids: conflicting.map((b) => b.bookingId),
          }),
          ...conflicting.map((b): AuditEntry => ({
            actorId: actor.memberId,
            action: 'booking.cancelled',
            entity: 'booking',
            entityId: b.bookingId,
            data: {
              date: b.date,
              start_hour: b.startHour,
              end_hour: b.endHour,
              closure_id: closure.id,
            },
          })),
        ]);
        // A cancelled booking's hours outside the closure are free again; the closure is
        // already written, so whatever the listeners book keeps out of it.
        await this.hoursFreed.notify(
          tx,
          conflicting.map(({ siteId, roomType, date, startHour, endHour }) => ({
            siteId,
            roomType,
            date,
            startHour,
            endHour,
          })),
        );
        return closure;
      },
      { retries: 2 },
    );
  }

  private async lockRoomDays(
    manager: EntityManager,
    target: ClosureTarget,
    window: ClosureWindow,
  ): Promise<void> {
    const { locked, expected } = await this.closures.lockRoomDays(
      manager,
      target,
      window.startDate,
      window.endDate,
    );
    if (locked >= expected) return;
    // A room created between the rows' creation and the rooms lock: create its rows too.
    await this.closures.ensureRoomDays(manager, target, window.startDate, window.endDate);
    await this.closures.lockRoomDays(manager, target, window.startDate, window.endDate);
  }

  /**
   * "Today" for the past check: in the zone of the room's site or of the site closed; for every
   * site, the latest of their todays (a date already past at one site is refused).
   */
  private async todayFor(roomId: number | null, site: SiteView | null): Promise<string> {
    if (site) return this.today(site.timezone);
    if (roomId !== null) {
      return this.today(await this.closures.zoneOfRoom(this.dataSource.manager, roomId));
    }
    const todays = (await this.sites.listSites()).map((s) => this.today(s.timezone));
    return todays.reduce((latest, today) => (today > latest ? today : latest));
  }

  async listClosures(roomId: number | null): Promise<ClosureRecord[]> {
    const manager = this.dataSource.manager;
    if (roomId !== null && !(await this.closures.findRoom(manager, roomId))) {
      throw new UnknownRoom();
    }
    return this.closures.list(manager, roomId);
  }

  /**
   * Every closure that closes a room of the site (a code; unknown: 400): its rooms' own, the
   * site's, and those of every site.
   */
  async listSiteClosures(siteCode: string): Promise<ClosureRecord[]> {
    const site = await this.sites.siteByCode(siteCode);
    return this.closures.listOfSite(this.dataSource.manager, site.id);
  }

  /**
   * Lifts a closure. In the same transaction the hours it reopens, from today to the booking
   * horizon, go to the hours-freed listeners (the waitlist promotes).
   */
  async liftClosure(
    actor: { memberId: number },
    roomId: number | null,
    closureId: number,
  ): Promise<void> {
    if (roomId !== null && !(await this.closures.findRoom(this.dataSource.manager, roomId))) {
      throw new UnknownRoom();
    }
    await runInTransaction(this.dataSource, async (tx) => {
      const lifted = await this.closures.delete(tx.manager, roomId, closureId);
      if (!lifted) throw new ClosureNotFound();
      await AuditTrail.record(
        tx.manager,
        closureAudit(actor.memberId, 'closure.lifted', lifted, { reason: lifted.reason }),
      );
      await this.hoursFreed.notify(tx, await this.reopenedHours(lifted));
    });
  }

  /**
   * The room's site, the site closed, or every site for a closure of all; from today in each
   * site's zone.
   */
  private async reopenedHours(closure: ClosureRecord): Promise<SiteFreedHours[]> {
    const types = closure.room ? [closure.room.roomType] : ROOM_TYPES;
    const roomSite = closure.room
      ? await this.closures.siteOfRoom(this.dataSource.manager, closure.room.id)
      : (closure.site?.id ?? null);
    const sites = (await this.sites.listSites()).filter(
      (s) => roomSite === null || s.id === roomSite,
    );
    return sites.flatMap(({ id: siteId, timezone }) => {
      const today = this.today(timezone);
      const dates = datesOf(closure, today, addDays(today, this.config.bookingHorizonDays));
      return dates.flatMap((date) =>
        types.map((roomType) => ({
          siteId,
          roomType,
          date,
          startHour: closure.startHour,
          endHour: closure.endHour,
        })),
      );
    });
  }

  private today(zone: string): string {
    return localMoment(this.clock.now(), zone).date;
  }
}
