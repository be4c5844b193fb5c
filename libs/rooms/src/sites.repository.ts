import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryStatement, siteZoneSql, type Statement, type StatementCall } from '@app/database';

/** A site, its zone resolved (a stored null is WORKSPACE_TIMEZONE). */
export interface SiteRow {
  id: number;
  code: string;
  name: string;
  timezone: string;
  created_at: Date;
}

const SITE_COLUMNS = `id, code, name, ${siteZoneSql('timezone')} AS timezone, created_at`;

/**
 * The site a request means: the one named by `code`; else the only one; else the member's home
 * site. One statement, so a booking pays one short read for it before its transaction.
 * `LIMIT 1` changes no answer (codes and ids are unique) but tells the planner so: without it
 * the CASE is estimated at a third of the sites, the generic plan of a statement built on this
 * one scans every room, and PostgreSQL re-plans such a prepared statement on every call.
 */
export const SITE_FOR_REQUEST_SQL = `SELECT ${SITE_COLUMNS} FROM sites
  WHERE CASE WHEN $1::text IS NOT NULL THEN code = $1
             WHEN (SELECT count(*) FROM sites) = 1 THEN true
             ELSE id = (SELECT home_site_id FROM members WHERE id = $2) END
  LIMIT 1`;

const SITE_FOR_REQUEST: Statement = { name: 'site_for_request', text: SITE_FOR_REQUEST_SQL };

/** SITE_FOR_REQUEST_SQL as a call for a pipelined transaction's batch (Transaction.run). */
export const siteForRequestCall = (
  code: string | null,
  memberId: number | null,
): StatementCall => ({
  statement: SITE_FOR_REQUEST,
  values: [code, memberId],
});

@Injectable()
export class SitesRepository {
  findAll(manager: EntityManager): Promise<SiteRow[]> {
    return manager.query(`SELECT ${SITE_COLUMNS} FROM sites ORDER BY code`);
  }

  async findById(manager: EntityManager, id: number): Promise<SiteRow | null> {
    const rows: SiteRow[] = await manager.query(`SELECT ${SITE_COLUMNS} FROM sites WHERE id = $1`, [
      id,
    ]);
    return rows[0] ?? null;
  }

  async findByCode(manager: EntityManager, code: string): Promise<SiteRow | null> {
    const rows: SiteRow[] = await manager.query(
      `SELECT ${SITE_COLUMNS} FROM sites WHERE code = $1`,
      [code],
    );
    return rows[0] ?? null;
  }

  async findForRequest(
    manager: EntityManager,
    code: string | null,
    memberId: number | null,
  ): Promise<SiteRow | null> {
    // Before every booking: prepared, on the pool.
    const rows = await queryStatement<SiteRow>(manager, SITE_FOR_REQUEST, [code, memberId]);
    return rows[0] ?? null;
  }

  async insert(
    manager: EntityManager,
    site: { code: string; name: string; timezone: string },
  ): Promise<SiteRow> {
    const rows: SiteRow[] = await manager.query(
      `INSERT INTO sites (code, name, timezone) VALUES ($1, $2, $3) RETURNING ${SITE_COLUMNS}`,
      [site.code, site.name, site.timezone],
    );
    return rows[0];
  }

  async update(
    manager: EntityManager,
    id: number,
    fields: { code?: string; name?: string; timezone?: string },
  ): Promise<SiteRow | null> {
    const [rows]: [SiteRow[], number] = await manager.query(
      `UPDATE sites SET code = coalesce($2, code), name = coalesce($3, name),
              timezone = coalesce($4, timezone)
       WHERE id = $1 RETURNING ${SITE_COLUMNS}`,
      [id, fields.code ?? null, fields.name ?? null, fields.timezone ?? null],
    );
    return rows[0] ?? null;
  }

  /**
   * The absolute start of every member-hour claim of the site's rooms, recomputed in `zone`
   * (rule 7 compares absolute hours; a zone change moves them).
   */
  async rezoneMemberClaims(manager: EntityManager, siteId: number, zone: string): Promise<void> {
    await manager.query(
      `UPDATE member_claims c SET starts_at = (c.date + make_interval(hours => c.hour)) AT TIME ZONE $2
       FROM bookings b JOIN rooms r ON r.id = b.room_id
       WHERE b.id = c.booking_id AND r.site_id = $1`,
      [siteId, zone],
    );
  }
}
