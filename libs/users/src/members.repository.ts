import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Role } from './entities/account.entity';
import type { ListCount } from '@app/core';
import { countUpTo, siteZoneSql } from '@app/database';
import { Gender } from './entities/member.entity';
import type { LoginView } from './logins.service';

export interface MemberRow {
  id: number;
  name: string;
  age: number;
  gender: Gender;
  /**
   * The code of the member's home site; null when unset and there are several sites; absent
   * when unset with a single site (the answers of a one-site workspace stay as they were).
   */
  homeSite?: string | null;
}

/** The member columns every profile read answers, home site code included. */
const MEMBER_COLUMNS = `id, name, age, gender,
  (SELECT code FROM sites WHERE sites.id = members.home_site_id) AS home_site,
  (SELECT count(*) > 1 FROM sites) AS several_sites`;

/**
 * SQL: the booking `b` ends after the instant $2. Its end is a wall-clock time in its room's
 * site's zone, so bookings at sites in different zones are each judged on their own clock.
 */
export const BOOKING_NOT_ENDED_SQL = `(b.date + make_time(b.end_hour, 0, 0)) AT TIME ZONE
         (SELECT ${siteZoneSql('s.timezone')} FROM sites s JOIN rooms r ON r.site_id = s.id
           WHERE r.id = b.room_id) > $2::timestamptz`;

/** SQL for members (profiles); every method runs on the caller's EntityManager. */
@Injectable()
export class MembersRepository {
  /** Live members, exact up to the deepest `?page=`, estimated above. */
  countLive(manager: EntityManager): Promise<ListCount> {
    return countUpTo(manager, `SELECT 1 FROM members WHERE deleted_at IS NULL`, []);
  }

  /** One page of live members with an id above `afterId`, ordered by id. */
  async findPage(
    manager: EntityManager,
    page: { limit: number; offset: number; afterId: number },
  ): Promise<MemberRow[]> {
    const rows: MemberRow[] = await manager.query(
      `SELECT ${MEMBER_COLUMNS} FROM members
        WHERE deleted_at IS NULL AND id > $3 ORDER BY id LIMIT $1 OFFSET $2`,
      [page.limit, page.offset, page.afterId],
    );
    return rows.map(toMemberRow);
  }

  async findLive(manager: EntityManager, id: number): Promise<MemberRow | null> {
    const rows: MemberRow[] = await manager.query(
      `SELECT ${MEMBER_COLUMNS} FROM members WHERE id = $1 AND deleted_at IS NULL`,
      [id],
    );
    return rows[0] ? toMemberRow(rows[0]) : null;
  }

  /** Locks a live member against concurrent edits, deletion and new references to it. */
  async lockLive(manager: EntityManager, id: number): Promise<MemberRow | null> {
    const rows: MemberRow[] = await manager.query(
      `SELECT ${MEMBER_COLUMNS} FROM members WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
      [id],
    );
    return rows[0] ? toMemberRow(rows[0]) : null;
  }

  async insert(
    manager: EntityManager,
    fields: { name: string; age: number; gender: Gender },
  ): Promise<MemberRow> {
    const rows: MemberRow[] = await manager.query(
      `INSERT INTO members (name, age, gender) VALUES ($1, $2, $3) RETURNING ${MEMBER_COLUMNS}`,
      [fields.name, fields.age, fields.gender],
    );
    return toMemberRow(rows[0]);
  }

  async update(
    manager: EntityManager,
    id: number,
    fields: Partial<{ name: string; age: number; gender: Gender; homeSiteId: number | null }>,
  ): Promise<MemberRow | null> {
    // UPDATE ... RETURNING answers [rows, rowCount] through TypeORM.
    const [rows]: [MemberRow[], number] = await manager.query(
      `UPDATE members SET name = coalesce($2, name), age = coalesce($3, age),
              gender = coalesce($4, gender),
              home_site_id = CASE WHEN $5 THEN $6::int ELSE home_site_id END
        WHERE id = $1 AND deleted_at IS NULL
        RETURNING ${MEMBER_COLUMNS}`,
      [
        id,
        fields.name ?? null,
        fields.age ?? null,
        fields.gender ?? null,
        fields.homeSiteId !== undefined,
        fields.homeSiteId ?? null,
      ],
    );
    return rows[0] ? toMemberRow(rows[0]) : null;
  }

  /** The id of the site with that code, or null. */
  async findSiteId(manager: EntityManager, code: string): Promise<number | null> {
    const rows: { id: number }[] = await manager.query(`SELECT id FROM sites WHERE code = $1`, [
      code,
    ]);
    return rows[0]?.id ?? null;
  }

  /**
   * Does the member take part in an active booking that has not ended? As occupant,
   * participant, claimant or member of a booked team: any of them counts, unless they left
   * that booking.
   */
  async hasActiveUpcomingBookings(
    manager: EntityManager,
    memberId: number,
    now: Date,
  ): Promise<boolean> {
    const rows: Array<{ in_use: boolean }> = await manager.query(
      `SELECT EXISTS (
                SELECT 1 FROM member_claims c
                 WHERE c.member_id = $1 AND c.starts_at > $2::timestamptz - interval '1 hour')
           OR EXISTS (
                SELECT 1 FROM bookings b
                 WHERE b.status = 'ACTIVE' AND ${BOOKING_NOT_ENDED_SQL}
                   AND (b.member_id = $1
                        OR EXISTS (SELECT 1 FROM booking_participants p
                                    WHERE p.booking_id = b.id AND p.member_id = $1
                                      AND p.left_at IS NULL)
                        OR (EXISTS (SELECT 1 FROM team_members tm
                                     WHERE tm.team_id = b.team_id AND tm.member_id = $1)
                            AND NOT EXISTS (SELECT 1 FROM booking_participants p
                                             WHERE p.booking_id = b.id AND p.member_id = $1
                                               AND p.left_at IS NOT NULL))))
              AS in_use`,
      [memberId, now],
    );
    return rows[0].in_use;
  }

  /** Does the member have an active admin account? */
  async isActiveAdmin(manager: EntityManager, id: number): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM accounts WHERE id = $1 AND role = 'admin' AND is_active`,
      [id],
    );
    return rows.length > 0;
  }

  /**
   * Locks every admin account row in id order, so admin deletions queue behind each other
   * without deadlocking. NO KEY UPDATE conflicts with itself and with the soft delete's
   * UPDATE, but not with the key-share lock a login's refresh-token insert takes.
   */
  async lockAdminAccounts(manager: EntityManager): Promise<void> {
    await manager.query(
      `SELECT id FROM accounts WHERE role = 'admin' ORDER BY id FOR NO KEY UPDATE`,
    );
  }

  /** The member's login, if it has one. */
  async findLogin(manager: EntityManager, id: number): Promise<LoginView | null> {
    const rows: LoginRow[] = await manager.query(
      `SELECT username, email, role, is_active FROM accounts WHERE id = $1`,
      [id],
    );
    return rows[0] ? toLoginView(rows[0]) : null;
  }

  async updateLogin(
    manager: EntityManager,
    id: number,
    change: { role?: Role; isActive?: boolean },
  ): Promise<LoginView> {
    const [rows]: [LoginRow[], number] = await manager.query(
      `UPDATE accounts SET role = coalesce($2, role), is_active = coalesce($3, is_active)
        WHERE id = $1 RETURNING username, email, role, is_active`,
      [id, change.role ?? null, change.isActive ?? null],
    );
    return toLoginView(rows[0]);
  }

  /** Admins who can still sign in: active account, live member. */
  async countActiveAdmins(manager: EntityManager): Promise<number> {
    const rows: Array<{ n: string }> = await manager.query(
      `SELECT count(*) AS n FROM accounts a JOIN members m ON m.id = a.id
        WHERE a.role = 'admin' AND a.is_active AND m.deleted_at IS NULL`,
    );
    return Number(rows[0].n);
  }

  /**
   * Soft delete: the row stays for booking history; the account can no longer log in and
   * the member leaves every team.
   */
  async softDelete(manager: EntityManager, id: number): Promise<void> {
    await manager.query(`UPDATE members SET deleted_at = now() WHERE id = $1`, [id]);
    await manager.query(`UPDATE accounts SET is_active = false WHERE id = $1`, [id]);
    await manager.query(`DELETE FROM team_members WHERE member_id = $1`, [id]);
  }
}

interface LoginRow {
  username: string;
  email: string;
  role: Role;
  is_active: boolean;
}

const toLoginView = (row: LoginRow): LoginView => ({
  username: row.username,
  email: row.email,
  role: row.role,
  isActive: row.is_active,
});

const toMemberRow = (
  row: MemberRow & { home_site?: string | null; several_sites?: boolean },
): MemberRow => ({
  id: row.id,
  name: row.name,
  age: Number(row.age),
  gender: row.gender,
  ...(row.home_site != null || row.several_sites ? { homeSite: row.home_site ?? null } : {}),
});
