import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { AUDIT_ENTITIES, AuditBound, AuditEntity, AuditFilters, AuditKey } from '@app/audit';
import { DomainError, isCalendarDate, MAX_ID } from '@app/core';
import { CursorKind } from '../http/page-cursors';

export const DEFAULT_AUDIT_LIMIT = 50;
export const MAX_AUDIT_LIMIT = 200;
/** Booking and series ids (BK..., SR...) and row ids: letters, digits and dashes. */
const ENTITY_ID = /^[A-Za-z0-9-]{1,40}$/;

const DIGITS = /^\d{1,19}$/;
const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const POSITIVE_INT = /^[1-9]\d{0,9}$/;
/** ISO 8601 with a date, a time and an offset (Z or ±hh:mm): nothing the server must guess. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The audit list's keyset position, [at (UTC, microseconds), id], in its cursor. */
export const AUDIT_CURSOR: CursorKind<AuditKey> = {
  list: 'audit',
  toJson: (key) => [key.at, key.id],
  fromJson: (json) => {
    if (!Array.isArray(json) || json.length !== 2) return null;
    const [at, id] = json as unknown[];
    if (typeof at !== 'string' || !CURSOR_AT.test(at) || Number.isNaN(Date.parse(at))) return null;
    if (typeof id !== 'string' || !DIGITS.test(id)) return null;
    return { at, id };
  },
};

const DATE_OR_TIMESTAMP =
  'A date (YYYY-MM-DD, a whole day in the workspace time zone) or a timestamp with an offset ' +
  '(2030-01-16T09:30:00Z).';

/** Query of GET /api/v1/audit/; read by auditQueryOf, which answers every problem at once. */
export class ListAuditQuery {
  @ApiPropertyOptional({ enum: AUDIT_ENTITIES, example: 'booking' })
  @IsOptional()
  entity?: unknown;

  @ApiPropertyOptional({
    type: String,
    pattern: ENTITY_ID.source,
    description:
      'The id as the API shows it: a booking_id or series_id (entity=booking), a waitlist ' +
      'entry, member, team or room id',
  })
  @IsOptional()
  entity_id?: unknown;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_ID,
    description: 'Member id of the actor',
  })
  @IsOptional()
  actor_id?: unknown;

  @ApiPropertyOptional({ type: String, description: `Inclusive. ${DATE_OR_TIMESTAMP}` })
  @IsOptional()
  from?: unknown;

  @ApiPropertyOptional({
    type: String,
    description: `A date includes its whole day; a timestamp is exclusive. ${DATE_OR_TIMESTAMP}`,
  })
  @IsOptional()
  to?: unknown;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_AUDIT_LIMIT,
    default: DEFAULT_AUDIT_LIMIT,
    example: 20,
  })
  @IsOptional()
  limit?: unknown;

  @ApiPropertyOptional({
    type: String,
    description:
      'Opaque: the `next_cursor` of the previous page. A malformed or tampered one is a 400 ' +
      '(VALIDATION_FAILED) naming `cursor`.',
  })
  @IsOptional()
  cursor?: unknown;
}

export interface AuditQuery {
  filters: AuditFilters;
  limit: number;
  cursor?: string;
}

/** The query checked: every bad parameter is named in one 400, nothing is guessed. */
export function auditQueryOf(query: ListAuditQuery): AuditQuery {
  const problems: { field: string; message: string }[] = [];
  const bad = (field: string, message: string) => {
    problems.push({ field, message });
    return undefined;
  };
  const text = (field: keyof ListAuditQuery): string | undefined => {
    const raw = query[field];
    if (raw === undefined) return undefined;
    return typeof raw === 'string' ? raw : bad(field, `${field} must be given once`);
  };
  const bound = (field: 'from' | 'to'): AuditBound | undefined => {
    const raw = text(field);
    if (raw === undefined) return undefined;
    if (isCalendarDate(raw)) return { date: raw };
    const instant = new Date(raw);
    if (TIMESTAMP.test(raw) && !Number.isNaN(instant.getTime())) return { instant };
    return bad(field, `${field} must be a date (YYYY-MM-DD) or a timestamp with an offset`);
  };

  const entityText = text('entity');
  const entity =
    entityText === undefined || (AUDIT_ENTITIES as readonly string[]).includes(entityText)
      ? (entityText as AuditEntity | undefined)
      : bad('entity', `entity must be one of ${AUDIT_ENTITIES.join(', ')}`);
  const entityIdText = text('entity_id');
  const entityId =
    entityIdText === undefined || ENTITY_ID.test(entityIdText)
      ? entityIdText
      : bad('entity_id', 'entity_id must be 1 to 40 letters, digits or dashes');
  const actorText = text('actor_id');
  const actorId =
    actorText === undefined
      ? undefined
      : POSITIVE_INT.test(actorText) && Number(actorText) <= MAX_ID
        ? Number(actorText)
        : bad('actor_id', 'actor_id must be a positive integer');
  const limitText = text('limit');
  const limit =
    limitText === undefined
      ? DEFAULT_AUDIT_LIMIT
      : POSITIVE_INT.test(limitText) && Number(limitText) <= MAX_AUDIT_LIMIT
        ? Number(limitText)
        : bad('limit', `limit must be an integer from 1 to ${MAX_AUDIT_LIMIT}`);
  const from = bound('from');
  const to = bound('to');
  const cursor = text('cursor');

  if (problems.length > 0) {
    throw new DomainError('VALIDATION_FAILED', problems.map((p) => p.message).join('; '), problems);
  }
  return {
    filters: { entity, entityId, actorId, from, to },
    limit: limit as number,
    cursor,
  };
}
