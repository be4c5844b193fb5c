import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ListCount } from '@app/core';
import { countUpTo, Statement, Transaction } from '@app/database';
import { BOOKING_NOT_ENDED_SQL, MemberRow } from '@app/users';

export interface TeamRow {
  id: number;
  name: string;
  createdAt: Date;
}

/** Who may see which teams: admins all, everyone else the teams they belong to. */
export interface TeamScope {
  all: boolean;
  memberId: number;
}

interface RawTeam {
  id: number;
  name: string;
  created_at: Date;
}

const toTeamRow = (row: RawTeam): TeamRow => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
});

const SCOPE = `t.deleted_at IS NULL AND ($1::boolean OR EXISTS (
  SELECT 1 FROM team_members tm WHERE tm.team_id = t.id AND tm.member_id = $2))`;

/** A live team and its live members, for a booking of the team. */
export interface LockedTeam {
  id: number;
  name: string;
  members: MemberRow[];
}

/** Named statements a booking transaction pipelines: the team and its members FOR KEY SHARE. */
const LOCK_FOR_BOOKING = {
  team: {
    name: 'tm_lock_team',
    text: `SELECT name FROM teams WHERE id = $1 AND deleted_at IS NULL FOR KEY SHARE`,
  },
  members: {
    name: 'tm_lock_team_members',
    text: `SELECT m.id, m.name, m.age, m.gender
             FROM team_members tm JOIN members m ON m.id = tm.member_id
            WHERE tm.team_id = $1 AND m.deleted_at IS NULL
            ORDER BY m.id FOR KEY SHARE OF m`,
  },
} as const satisfies Record<string, Statement>;

/** SQL for teams and their membership; every method runs on the caller's transaction. */
@Injectable()
export class TeamsRepository {
  /** Exact up to the deepest `?page=`, estimated above. */
  countVisible(manager: EntityManager, scope: TeamScope): Promise<ListCount> {
    return countUpTo(manager, `SELECT 1 FROM teams t WHERE ${SCOPE}`, [scope.all, scope.memberId]);
  }

  /** One page of the visible teams with an id above `afterId`, ordered by id. */
  async findVisiblePage(
    manager: EntityManager,
    scope: TeamScope,
    page: { limit: number; offset: number; afterId: number },
  ): Promise<TeamRow[]> {
    const rows: RawTeam[] = await manager.query(
      `SELECT t.id, t.name, t.created_at FROM teams t WHERE ${SCOPE} AND t.id > $5
        ORDER BY t.id LIMIT $3 OFFSET $4`,
      [scope.all, scope.memberId, page.limit, page.offset, page.afterId],
    );
    return rows.map(toTeamRow);
  }

  async findVisible(manager: EntityManager, scope: TeamScope, id: number): Promise<TeamRow | null> {
    const rows: RawTeam[] = await manager.query(
      `SELECT t.id, t.name, t.created_at FROM teams t WHERE ${SCOPE} AND t.id = $3`,
      [scope.all, scope.memberId, id],
    );
    return rows[0] ? toTeamRow(rows[0]) : null;
  }

  /** Live members of each team, by team id, ordered by member id. */
  async findMembers(manager: EntityManager, teamIds: number[]): Promise<Map<number, MemberRow[]>> {
    const byTeam = new Map<number, MemberRow[]>(teamIds.map((id) => [id, []]));
    if (teamIds.length === 0) return byTeam;
    const rows: Array<MemberRow & { team_id: number }> = await manager.query(
      `SELECT tm.team_id, m.id, m.name, m.age, m.gender
         FROM team_members tm JOIN members m ON m.id = tm.member_id AND m.deleted_at IS NULL
        WHERE tm.team_id = ANY($1::int[])
        ORDER BY tm.team_id, m.id`,
      [teamIds],
    );
    for (const row of rows) {
      byTeam.get(row.team_id)?.push({
        id: row.id,
        name: row.name,
        age: Number(row.age),
        gender: row.gender,
      });
    }
    return byTeam;
  }

  /**
   * Locks the live members among `ids` FOR KEY SHARE, which conflicts with the FOR UPDATE a
   * member deletion takes: a deletion that committed first is seen (the row drops out of
   * `deleted_at IS NULL`), one that starts later waits. Returns the ids that are not live.
   */
  async lockMembersReturningUnknown(manager: EntityManager, ids: number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows: Array<{ id: number }> = await manager.query(
      `SELECT id FROM members WHERE id = ANY($1::int[]) AND deleted_at IS NULL
        ORDER BY id FOR KEY SHARE`,
      [ids],
    );
    const live = new Set(rows.map((row) => row.id));
    return ids.filter((id) => !live.has(id));
  }

  /**
   * The live team and its live members, locked FOR KEY SHARE until the caller commits (a
   * concurrent delete or membership change waits), in one round trip; null if unknown or deleted.
   */
  async lockForBooking(tx: Transaction, id: number): Promise<LockedTeam | null> {
    const [teams, members] = (await tx.run([
      { statement: LOCK_FOR_BOOKING.team, values: [id] },
      { statement: LOCK_FOR_BOOKING.members, values: [id] },
    ])) as [{ name: string }[], MemberRow[]];
    return teams.length === 0 ? null : { id, name: teams[0].name, members };
  }

  async lockLive(manager: EntityManager, id: number): Promise<TeamRow | null> {
    const rows: RawTeam[] = await manager.query(
      `SELECT id, name, created_at FROM teams WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
      [id],
    );
    return rows[0] ? toTeamRow(rows[0]) : null;
  }

  /** Inserts a team; the unique index teams_name_uq decides between two equal names. */
  async insert(manager: EntityManager, name: string): Promise<TeamRow> {
    const rows: RawTeam[] = await manager.query(
      `INSERT INTO teams (name) VALUES ($1) RETURNING id, name, created_at`,
      [name],
    );
    return toTeamRow(rows[0]);
  }

  async rename(manager: EntityManager, id: number, name: string): Promise<void> {
    await manager.query(`UPDATE teams SET name = $2 WHERE id = $1`, [id, name]);
  }

  async replaceMembers(manager: EntityManager, teamId: number, memberIds: number[]): Promise<void> {
    await manager.query(
      `DELETE FROM team_members WHERE team_id = $1 AND member_id <> ALL($2::int[])`,
      [teamId, memberIds],
    );
    await manager.query(
      `INSERT INTO team_members (team_id, member_id)
       SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`,
      [teamId, memberIds],
    );
  }

  async hasActiveUpcomingBookings(
    manager: EntityManager,
    teamId: number,
    now: Date,
  ): Promise<boolean> {
    const rows: Array<{ in_use: boolean }> = await manager.query(
      `SELECT EXISTS (
                SELECT 1 FROM bookings b
                 WHERE b.team_id = $1 AND b.status = 'ACTIVE' AND ${BOOKING_NOT_ENDED_SQL})
              AS in_use`,
      [teamId, now],
    );
    return rows[0].in_use;
  }

  /** Soft delete: bookings keep referring to the row; the name becomes free again. */
  async softDelete(manager: EntityManager, id: number): Promise<void> {
    await manager.query(`UPDATE teams SET deleted_at = now() WHERE id = $1`, [id]);
  }
}
