import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditEntity, AuditRecord } from './audit-entry';

/** A row's keyset position: `at` as UTC text to the microsecond (a Date keeps only ms), id. */
export interface AuditKey {
  at: string;
  id: string;
}

/** A bound of `at`: an instant, or a workspace-local calendar date (its whole day). */
export type AuditBound = { instant: Date } | { date: string };

export interface AuditFilters {
  entity?: AuditEntity;
  entityId?: string;
  actorId?: number;
  /** Inclusive: from this instant, or from the start of this date. */
  from?: AuditBound;
  /** Exclusive for an instant; a date includes its whole day. */
  to?: AuditBound;
}

interface AuditRow {
  id: string;
  at: Date;
  at_utc: string;
  actor_id: number | null;
  action: string;
  entity: AuditEntity;
  entity_id: string | null;
  data: Record<string, unknown>;
}

/**
 * Newest first by (at, id), keyset after the cursor's row: no OFFSET, so every page costs the
 * same. The NULL tests fold away (unnamed statements are planned with their values), leaving
 * conditions the (entity, entity_id, at, id), (actor_id, at, id) or (at, id) index serves.
 */
// id is a bigint: pg hands it over as a string.
const AUDIT_PAGE_SQL = `SELECT id, at,
         to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_utc,
         actor_id, action, entity, entity_id, data
       FROM audit_log
       WHERE ($1::text IS NULL OR entity = $1)
         AND ($2::text IS NULL OR entity_id = $2)
         AND ($3::int IS NULL OR actor_id = $3)
         AND ($4::timestamptz IS NULL OR at >= $4)
         AND ($5::date IS NULL OR at >= $5::timestamp AT TIME ZONE $11)
         AND ($6::timestamptz IS NULL OR at < $6)
         AND ($7::date IS NULL OR at < ($7::date + 1)::timestamp AT TIME ZONE $11)
         AND ($8::timestamptz IS NULL OR (at, id) < ($8::timestamptz, $9::bigint))
       ORDER BY at DESC, id DESC
       LIMIT $10`;

const instantOf = (bound?: AuditBound) => (bound && 'instant' in bound ? bound.instant : null);
const dateOf = (bound?: AuditBound) => (bound && 'date' in bound ? bound.date : null);

@Injectable()
export class AuditLogRepository {
  /** Up to `limit` rows after `after`, with each row's key. */
  async findPage(
    manager: EntityManager,
    filters: AuditFilters,
    after: AuditKey | undefined,
    limit: number,
    timeZone: string,
  ): Promise<{ record: AuditRecord; key: AuditKey }[]> {
    const rows: AuditRow[] = await manager.query(AUDIT_PAGE_SQL, [
      filters.entity ?? null,
      filters.entityId ?? null,
      filters.actorId ?? null,
      instantOf(filters.from),
      dateOf(filters.from),
      instantOf(filters.to),
      dateOf(filters.to),
      after?.at ?? null,
      after?.id ?? null,
      limit,
      timeZone,
    ]);
    return rows.map((row) => ({
      record: {
        id: Number(row.id),
        at: row.at,
        actorId: row.actor_id,
        action: row.action,
        entity: row.entity,
        entityId: row.entity_id,
        data: row.data,
      },
      key: { at: row.at_utc, id: row.id },
    }));
  }
}
