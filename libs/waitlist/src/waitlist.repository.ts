import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { RoomType } from '@app/bookings';
import type { ListCount } from '@app/core';
import { countUpTo, siteZoneSql } from '@app/database';
import type { Statement, Transaction } from '@app/database';
import type { WaitlistStatus } from './entities/waitlist-entry.entity';

/** A waitlist entry as stored, with its place in line while it waits. */
export interface WaitlistEntryRecord {
  id: number;
  siteId: number;
  status: WaitlistStatus;
  roomType: RoomType;
  date: string;
  startHour: number;
  endHour: number;
  memberId: number | null;
  teamId: number | null;
  memberIds: number[] | null;
  roomNumber: string | null;
  createdBy: number;
  createdAt: Date;
  bookingId: string | null;
  /** 1-based among the WAITING entries of the type and date with an overlapping hour; null once closed. */
  position: number | null;
}

/** A waiting entry locked for promotion, with whether its creator is an admin now. */
export interface LockedWaitingEntry extends Omit<WaitlistEntryRecord, 'position' | 'bookingId'> {
  creatorIsAdmin: boolean;
  /** The zone of its site. */
  siteTimezone: string;
}

/** An entry the expiry sweep just closed. */
export interface ExpiredEntry {
  id: number;
  roomType: RoomType;
  date: string;
  startHour: number;
  endHour: number;
}

export interface NewWaitlistEntry {
  siteId: number;
  roomType: RoomType;
  date: string;
  startHour: number;
  endHour: number;
  memberId: number | null;
  teamId: number | null;
  memberIds: number[] | null;
  roomNumber: string | null;
  createdBy: number;
  createdAt: Date;
}

type EntryRow = {
  id: number;
  site_id: number;
  status: WaitlistStatus;
  room_type: RoomType;
  date: string;
  start_hour: number;
  end_hour: number;
  member_id: number | null;
  team_id: number | null;
  member_ids: number[] | null;
  room_number: string | null;
  created_by: number;
  created_at: Date;
  booking_id: string | null;
  position: number | null;
  creator_is_admin?: boolean;
  total?: string;
};

/** Entries `$1` (null: anyone) created, of the status `$2` (null: any). */
const ENTRY_SCOPE = `($1::int IS NULL OR e.created_by = $1) AND ($2::text IS NULL OR e.status = $2)`;

const ENTRY_COLUMNS = `e.id, e.site_id, e.status, e.room_type, e.date::text AS date, e.start_hour, e.end_hour,
  e.member_id, e.team_id, e.member_ids, e.room_number, e.created_by, e.created_at, e.booking_id`;

/** The entry's place in line: WAITING entries of its type and date overlapping it, FIFO. */
const POSITION = `CASE WHEN e.status = 'WAITING' THEN (
    SELECT count(*)::int FROM waitlist_entries o
    WHERE o.status = 'WAITING' AND o.room_type = e.room_type AND o.date = e.date
      AND o.site_id = e.site_id
      AND o.start_hour < e.end_hour AND e.start_hour < o.end_hour
      AND (o.created_at, o.id) <= (e.created_at, e.id)) END AS position`;

const toRecord = (row: EntryRow): WaitlistEntryRecord => ({
  id: row.id,
  siteId: row.site_id,
  status: row.status,
  roomType: row.room_type,
  date: row.date,
  startHour: row.start_hour,
  endHour: row.end_hour,
  memberId: row.member_id,
  teamId: row.team_id,
  memberIds: row.member_ids,
  roomNumber: row.room_number,
  createdBy: row.created_by,
  createdAt: row.created_at,
  bookingId: row.booking_id,
  position: row.position,
});

export const WAITLIST_STATEMENTS = {
  /**
   * The entry and, in the same statement, one claim per party member and hour (the team's
   * members for a conference room), which waitlist_claims_member_hour_uq keeps unique.
   */
  insertEntry: {
    name: 'waitlist_insert_entry',
    text: `WITH e AS (
         INSERT INTO waitlist_entries (room_type, date, start_hour, end_hour, member_id, team_id,
                                       member_ids, room_number, created_by, created_at, site_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7::int[], $8, $9, $10, $11)
         RETURNING id
       ), claims AS (
         INSERT INTO waitlist_claims (entry_id, member_id, room_type, date, hour)
         SELECT e.id, m.id, $1, $2, h
         FROM e,
           unnest(CASE $1::text
             WHEN 'PRIVATE' THEN ARRAY[$5::int]
             WHEN 'SHARED_DESK' THEN $7::int[]
             ELSE ARRAY(SELECT member_id FROM team_members WHERE team_id = $6::int ORDER BY member_id)
           END) AS m(id),
           generate_series($3::int, $4::int - 1) AS h
       )
       SELECT id FROM e`,
  },
  savepoint: { name: 'waitlist_savepoint', text: 'SAVEPOINT waitlist_promotion' },
  rollbackToSavepoint: {
    name: 'waitlist_rollback_to_savepoint',
    text: 'ROLLBACK TO SAVEPOINT waitlist_promotion',
  },
  releaseSavepoint: {
    name: 'waitlist_release_savepoint',
    text: 'RELEASE SAVEPOINT waitlist_promotion',
  },
  /**
   * The WAITING entries of a site ($5), type ($1) and date ($2) overlapping any of the ranges
   * (starts $3, ends $4), with their site's stored zone, locked FOR UPDATE one by one in FIFO order (created_at, then id): never SKIP
   * LOCKED, the line must hold.
   */
  lockWaiting: {
    name: 'waitlist_lock_waiting',
    text: `SELECT ${ENTRY_COLUMNS}, NULL::int AS position,
              coalesce((SELECT a.role = 'admin' FROM accounts a WHERE a.id = e.created_by), false)
                AS creator_is_admin,
              (SELECT ${siteZoneSql('timezone')} FROM sites WHERE id = e.site_id) AS site_timezone
       FROM waitlist_entries e
       WHERE e.status = 'WAITING' AND e.room_type = $1 AND e.date = $2 AND e.site_id = $5
         AND EXISTS (SELECT 1 FROM unnest($3::int[], $4::int[]) AS f(s, en)
                     WHERE e.start_hour < f.en AND f.s < e.end_hour)
       ORDER BY e.created_at, e.id
       FOR UPDATE`,
  },
  promote: {
    name: 'waitlist_promote',
    text: `WITH freed AS (DELETE FROM waitlist_claims WHERE entry_id = $1)
       UPDATE waitlist_entries SET status = 'PROMOTED', booking_id = $2, closed_at = $3
       WHERE id = $1`,
  },
} satisfies Record<string, Statement>;

/** SQL for waitlist entries and their claims; every method takes the caller's transaction or manager. */
@Injectable()
export class WaitlistRepository {
  /** Inserts the entry with its claims; a member already waiting: 23505 on the claims. */
  async insertEntry(tx: Transaction, entry: NewWaitlistEntry): Promise<number> {
    const [rows] = (await tx.run([
      {
        statement: WAITLIST_STATEMENTS.insertEntry,
        values: [
          entry.roomType,
          entry.date,
          entry.startHour,
          entry.endHour,
          entry.memberId,
          entry.teamId,
          entry.memberIds,
          entry.roomNumber,
          entry.createdBy,
          entry.createdAt,
          entry.siteId,
        ],
      },
    ])) as [{ id: number }[]];
    return rows[0].id;
  }

  /** The entry `viewer` may see (null: any), with its position. */
  async findEntry(
    manager: EntityManager,
    id: number,
    viewer: number | null,
  ): Promise<WaitlistEntryRecord | null> {
    const rows: EntryRow[] = await manager.query(
      `SELECT ${ENTRY_COLUMNS}, ${POSITION} FROM waitlist_entries e
       WHERE e.id = $1 AND ($2::int IS NULL OR e.created_by = $2)`,
      [id, viewer],
    );
    return rows.length > 0 ? toRecord(rows[0]) : null;
  }

  /** How many entries `viewer` (null: anyone) has, of a status: exact up to the page bound. */
  countEntries(
    manager: EntityManager,
    viewer: number | null,
    status: WaitlistStatus | undefined,
  ): Promise<ListCount> {
    return countUpTo(manager, `SELECT 1 FROM waitlist_entries e WHERE ${ENTRY_SCOPE}`, [
      viewer,
      status ?? null,
    ]);
  }

  /** One page of entries after the id `afterId`, in the order they were made (id). */
  async findEntryPage(
    manager: EntityManager,
    viewer: number | null,
    status: WaitlistStatus | undefined,
    page: { limit: number; offset: number; afterId: number },
  ): Promise<WaitlistEntryRecord[]> {
    const rows: EntryRow[] = await manager.query(
      `SELECT ${ENTRY_COLUMNS}, ${POSITION} FROM waitlist_entries e
       WHERE ${ENTRY_SCOPE} AND e.id > $5
       ORDER BY e.id LIMIT $3 OFFSET $4`,
      [viewer, status ?? null, page.limit, page.offset, page.afterId],
    );
    return rows.map(toRecord);
  }

  /** The entry `viewer` created (null: any) FOR UPDATE, so a racing promotion or sweep waits. */
  async lockEntry(
    manager: EntityManager,
    id: number,
    viewer: number | null,
  ): Promise<{ id: number; status: WaitlistStatus } | null> {
    const rows: { id: number; status: WaitlistStatus }[] = await manager.query(
      `SELECT id, status FROM waitlist_entries
       WHERE id = $1 AND ($2::int IS NULL OR created_by = $2) FOR UPDATE`,
      [id, viewer],
    );
    return rows[0] ?? null;
  }

  /** Closes a waiting entry (EXPIRED, CANCELLED) and frees its claims. */
  async closeEntry(
    manager: EntityManager,
    id: number,
    status: 'CANCELLED',
    at: Date,
  ): Promise<void> {
    await manager.query(
      `WITH freed AS (DELETE FROM waitlist_claims WHERE entry_id = $1)
       UPDATE waitlist_entries SET status = $2, closed_at = $3 WHERE id = $1`,
      [id, status, at],
    );
  }

  async lockWaiting(
    tx: Transaction,
    siteId: number,
    roomType: RoomType,
    date: string,
    ranges: { startHour: number; endHour: number }[],
  ): Promise<LockedWaitingEntry[]> {
    const [rows] = (await tx.run([
      {
        statement: WAITLIST_STATEMENTS.lockWaiting,
        values: [
          roomType,
          date,
          ranges.map((r) => r.startHour),
          ranges.map((r) => r.endHour),
          siteId,
        ],
      },
    ])) as [(EntryRow & { site_timezone: string })[]];
    return rows.map((row) => {
      const { position: _position, bookingId: _bookingId, ...entry } = toRecord(row);
      return {
        ...entry,
        creatorIsAdmin: row.creator_is_admin === true,
        siteTimezone: row.site_timezone,
      };
    });
  }

  async savepoint(tx: Transaction): Promise<void> {
    await tx.run([{ statement: WAITLIST_STATEMENTS.savepoint, values: [] }]);
  }

  async rollbackToSavepoint(tx: Transaction): Promise<void> {
    await tx.run([{ statement: WAITLIST_STATEMENTS.rollbackToSavepoint, values: [] }]);
  }

  /** PROMOTED with its booking, claims freed, the savepoint released: one round trip. */
  async promote(tx: Transaction, id: number, bookingId: string, at: Date): Promise<void> {
    await tx.run([
      { statement: WAITLIST_STATEMENTS.promote, values: [id, bookingId, at] },
      { statement: WAITLIST_STATEMENTS.releaseSavepoint, values: [] },
    ]);
  }

  /**
   * Entries still WAITING at the site $5 whose first hour has begun there (local date $1, hour
   * $2) become EXPIRED,
   * at most `limit` at a time; rows another transaction holds (a promotion, a concurrent sweep)
   * are skipped, not waited for. Returns how many expired.
   */
  async expireBegun(
    manager: EntityManager,
    now: { date: string; hour: number },
    at: Date,
    limit: number,
    siteId: number,
  ): Promise<ExpiredEntry[]> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [rows] = await manager.query<
      [
        { id: number; room_type: RoomType; date: string; start_hour: number; end_hour: number }[],
        number,
      ]
    >(
      `WITH due AS (
         SELECT id FROM waitlist_entries
         WHERE status = 'WAITING' AND site_id = $5
           AND (date < $1::date OR (date = $1::date AND start_hour <= $2))
         ORDER BY id LIMIT $4
         FOR UPDATE SKIP LOCKED
       ), freed AS (
         DELETE FROM waitlist_claims c USING due WHERE c.entry_id = due.id
       )
       UPDATE waitlist_entries e SET status = 'EXPIRED', closed_at = $3
       FROM due WHERE e.id = due.id
       RETURNING e.id, e.room_type, e.date::text AS date, e.start_hour, e.end_hour`,
      [now.date, now.hour, at, limit, siteId],
    );
    return rows.map((r) => ({
      id: r.id,
      roomType: r.room_type,
      date: r.date,
      startHour: r.start_hour,
      endHour: r.end_hour,
    }));
  }
}
