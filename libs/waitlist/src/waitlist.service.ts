import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  BookingService,
  BookingView,
  BookRequest,
  CheckedRequest,
  FreedHours,
  HoursFreedHooks,
  RoomType,
  SlotTaken,
} from '@app/bookings';
import {
  assertPageExists,
  CLOCK,
  Clock,
  DomainError,
  formatHour,
  localMoment,
  offsetOf,
  Page,
  pageOf,
  PageRequest,
} from '@app/core';
import { isUniqueViolation, runInTransaction, Transaction } from '@app/database';
import { AuditTrail } from '@app/audit';
import { IdempotencyKeys, IdempotentRequest } from '@app/idempotency';
import { Outbox } from '@app/webhooks';
import { SitesService, SiteView } from '@app/rooms';
import { WAITLIST_CLAIMS_MEMBER_HOUR_UQ } from './constraints';
import { WaitlistStatus } from './entities/waitlist-entry.entity';
import {
  AlreadyWaiting,
  NotWaiting,
  SlotAvailable,
  WaitlistEntryNotFound,
} from './waitlist.errors';
import { LockedWaitingEntry, WaitlistEntryRecord, WaitlistRepository } from './waitlist.repository';

const EXPIRY_BATCH = 500;

/** The booking request an entry stands for, as its creator sent it (defaults filled in). */
function requestOf(entry: Omit<WaitlistEntryRecord, 'position' | 'bookingId'>): BookRequest {
  const slot = {
    date: entry.date,
    timeSlot: formatHour(entry.startHour),
    endTime: formatHour(entry.endHour),
    roomNumber: entry.roomNumber ?? undefined,
  };
  switch (entry.roomType) {
    case 'PRIVATE':
      return { ...slot, roomType: 'PRIVATE', userId: entry.memberId ?? undefined };
    case 'CONFERENCE':
      return { ...slot, roomType: 'CONFERENCE', teamId: entry.teamId ?? 0 };
    case 'SHARED_DESK':
      return { ...slot, roomType: 'SHARED_DESK', userIds: entry.memberIds ?? undefined };
  }
}

/** A site's freed hours grouped by date then room type: the order promotion locks room-days in. */
function byDateAndType(freed: FreedHours[]) {
  const groups = new Map<string, { date: string; roomType: RoomType; ranges: FreedHours[] }>();
  for (const f of freed) {
    const key = `${f.date} ${f.roomType}`;
    const group = groups.get(key) ?? { date: f.date, roomType: f.roomType, ranges: [] };
    group.ranges.push(f);
    groups.set(key, group);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, g]) => g);
}

/**
 * The waitlist: entries for slots that are taken, promoted in FIFO order inside the
 * transaction that frees their hours, expired when their first hour begins.
 */
@Injectable()
export class WaitlistService implements OnModuleInit {
  /** Transactions promoting right now: a booking made by a promotion never re-enters it. */
  private readonly promoting = new WeakSet<EntityManager>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly entries: WaitlistRepository,
    private readonly bookings: BookingService,
    private readonly hoursFreed: HoursFreedHooks,
    private readonly idempotency: IdempotencyKeys,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sites: SitesService,
  ) {}

  onModuleInit(): void {
    this.hoursFreed.register((tx, freed, siteId) => this.promote(tx, freed, siteId));
  }

  /**
   * Joins the waitlist for a slot: the booking's own checks first, then, in one transaction
   * under the locks a booking takes, what booking it now would answer. Only SLOT_TAKEN lets the
   * entry in (a bookable slot is 409 SLOT_AVAILABLE; any other refusal is the booking's); the
   * locks are held until the entry is written, so a cancel cannot slip between the two.
   */
  async join(
    actor: Actor,
    request: BookRequest,
    idempotent?: IdempotentRequest<WaitlistEntryRecord>,
  ): Promise<WaitlistEntryRecord> {
    const site = await this.bookings.siteFor(actor, request);
    const checked = this.bookings.checkRequest(actor, request, site);
    return this.idempotency.transaction(
      idempotent,
      async (tx) => {
        try {
          await this.bookings.decideWithin(tx, actor, request, site);
        } catch (error) {
          if (!(error instanceof SlotTaken)) throw error;
          return this.insertEntry(tx, actor, checked, request.roomNumber, site.id);
        }
        throw new SlotAvailable();
      },
      { retries: 2 },
    );
  }

  private async insertEntry(
    tx: Transaction,
    actor: Actor,
    { range, ask }: CheckedRequest,
    roomNumber: string | undefined,
    siteId: number,
  ): Promise<WaitlistEntryRecord> {
    let id: number;
    try {
      id = await this.entries.insertEntry(tx, {
        siteId,
        roomType: ask.roomType,
        date: range.date,
        startHour: range.startHour,
        endHour: range.endHour,
        memberId: ask.roomType === 'PRIVATE' ? ask.memberIds[0] : null,
        teamId: ask.roomType === 'CONFERENCE' ? ask.teamId : null,
        memberIds: ask.roomType === 'SHARED_DESK' ? ask.memberIds : null,
        roomNumber: roomNumber ?? null,
        createdBy: actor.memberId,
        createdAt: this.clock.now(),
      });
    } catch (error) {
      if (isUniqueViolation(error, WAITLIST_CLAIMS_MEMBER_HOUR_UQ)) throw new AlreadyWaiting();
      throw error;
    }
    await AuditTrail.record(tx.manager, {
      actorId: actor.memberId,
      action: 'waitlist.created',
      entity: 'booking',
      entityId: id,
      data: {
        waitlist_entry_id: id,
        room_type: ask.roomType,
        room_number: roomNumber ?? null,
        date: range.date,
        start_hour: range.startHour,
        end_hour: range.endHour,
        member_ids: ask.roomType === 'CONFERENCE' ? null : ask.memberIds,
        team_id: ask.roomType === 'CONFERENCE' ? ask.teamId : null,
      },
    });
    return (await this.entries.findEntry(tx.manager, id, null)) as WaitlistEntryRecord;
  }

  /**
   * The listener on freed hours, inside the transaction that freed them (which already holds
   * the freed booking's row and claims): per date and room type, lock the room-days in room-id
   * order as a booking does (so no deadlock with concurrent bookings), then the waiting entries
   * overlapping the freed hours in FIFO order, and book each that now fits exactly as its
   * request would be booked now. One that does not (taken, a member booked elsewhere, a team
   * grown too small...) keeps waiting: its attempt is rolled back to a savepoint.
   */
  private async promote(tx: Transaction, freed: FreedHours[], siteId: number): Promise<void> {
    if (this.promoting.has(tx.manager)) return;
    this.promoting.add(tx.manager);
    try {
      for (const group of byDateAndType(freed)) {
        await this.bookings.lockRoomDays(tx, group.roomType, group.date, siteId);
        const waiting = await this.entries.lockWaiting(
          tx,
          siteId,
          group.roomType,
          group.date,
          group.ranges,
        );
        for (const entry of waiting) await this.tryToBook(tx, entry);
      }
    } finally {
      this.promoting.delete(tx.manager);
    }
  }

  private async tryToBook(tx: Transaction, entry: LockedWaitingEntry): Promise<void> {
    await this.entries.savepoint(tx);
    let booking: BookingView;
    try {
      const actor = { memberId: entry.createdBy, isAdmin: entry.creatorIsAdmin };
      const site = { id: entry.siteId, timezone: entry.siteTimezone };
      booking = await this.bookings.bookWithin(tx, actor, requestOf(entry), site);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await this.entries.rollbackToSavepoint(tx);
      return;
    }
    // The booking is the entry creator's; whoever freed the hours is the actor of their own row.
    await AuditTrail.record(tx.manager, {
      actorId: entry.createdBy,
      action: 'booking.promoted',
      entity: 'booking',
      entityId: booking.bookingId,
      data: {
        waitlist_entry_id: entry.id,
        room_number: booking.room.roomNumber,
        date: booking.date,
        start_hour: booking.startHour,
        end_hour: booking.endHour,
      },
    });
    await this.entries.promote(tx, entry.id, booking.bookingId, this.clock.now());
    await Outbox.enqueue(tx.manager, 'booking.promoted', {
      booking_id: booking.bookingId,
      waitlist_entry_id: entry.id,
      room_type: entry.roomType,
      date: entry.date,
      time_slot: formatHour(entry.startHour),
      end_time: formatHour(entry.endHour),
    });
  }

  /**
   * Entries still WAITING whose first hour has begun (in their site's zone) become EXPIRED.
   * Safe in any number of processes at once: each batch skips the rows another transaction holds.
   */
  async expireBegun(): Promise<number> {
    let total = 0;
    for (const site of await this.sites.listSites()) total += await this.expireBegunAt(site);
    return total;
  }

  private async expireBegunAt(site: SiteView): Promise<number> {
    const now = this.clock.now();
    const local = localMoment(now, site.timezone);
    let total = 0;
    for (;;) {
      const expired = await runInTransaction(this.dataSource, async ({ manager }) => {
        const entries = await this.entries.expireBegun(manager, local, now, EXPIRY_BATCH, site.id);
        await AuditTrail.recordMany(
          manager,
          entries.map((e) => ({
            actorId: null,
            action: 'waitlist.expired',
            entity: 'booking',
            entityId: e.id,
            data: { waitlist_entry_id: e.id, date: e.date, start_hour: e.startHour },
          })),
        );
        await Outbox.enqueue(
          manager,
          'waitlist.expired',
          entries.map((e) => ({
            waitlist_entry_id: e.id,
            room_type: e.roomType,
            date: e.date,
            time_slot: formatHour(e.startHour),
            end_time: formatHour(e.endHour),
            expired_at: now.toISOString(),
          })),
        );
        return entries.length;
      });
      total += expired;
      if (expired < EXPIRY_BATCH) return total;
    }
  }

  /** One entry: its creator's or, for an admin, anyone's; 404 otherwise. */
  async getEntry(actor: Actor, id: number): Promise<WaitlistEntryRecord> {
    const entry = await this.entries.findEntry(
      this.dataSource.manager,
      id,
      actor.isAdmin ? null : actor.memberId,
    );
    if (!entry) throw new WaitlistEntryNotFound();
    return entry;
  }

  /** The caller's entries (an admin: everyone's), optionally of one status. */
  async listEntries(
    actor: Actor,
    status: WaitlistStatus | undefined,
    request: PageRequest<number>,
  ): Promise<Page<WaitlistEntryRecord, number>> {
    const manager = this.dataSource.manager;
    const viewer = actor.isAdmin ? null : actor.memberId;
    const [count, rows] = await Promise.all([
      request.count ?? this.entries.countEntries(manager, viewer, status),
      this.entries.findEntryPage(manager, viewer, status, {
        limit: request.pageSize + 1,
        offset: offsetOf(request),
        afterId: request.after ?? 0,
      }),
    ]);
    assertPageExists(request, rows.length);
    return pageOf(request, count, rows, (entry) => entry.id);
  }

  /**
   * Leaves the waitlist: the entry is locked (a racing promotion or sweep decides first, or
   * waits), must still be WAITING (else 409 NOT_WAITING), and becomes CANCELLED, kept.
   */
  async withdraw(actor: Actor, id: number): Promise<void> {
    await runInTransaction(this.dataSource, async ({ manager }) => {
      const entry = await this.entries.lockEntry(
        manager,
        id,
        actor.isAdmin ? null : actor.memberId,
      );
      if (!entry) throw new WaitlistEntryNotFound();
      if (entry.status !== 'WAITING') throw new NotWaiting(entry.status);
      await this.entries.closeEntry(manager, id, 'CANCELLED', this.clock.now());
      await AuditTrail.record(manager, {
        actorId: actor.memberId,
        action: 'waitlist.cancelled',
        entity: 'booking',
        entityId: id,
        data: { waitlist_entry_id: id },
      });
    });
  }
}
