import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, AuditEntity, AuditRecord } from '@app/audit';

export class AuditEntryResponse {
  @ApiProperty({ example: 1207 }) id!: number;
  @ApiProperty({ example: '2026-11-25T09:00:00.000Z' }) at!: string;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 3,
    description: 'Member id of the caller; null for the system (sweeps) and failed logins',
  })
  actor_id!: number | null;
  @ApiProperty({ enum: AUDIT_ACTIONS, example: 'booking.cancelled' }) action!: string;
  @ApiProperty({ enum: AUDIT_ENTITIES, example: 'booking' }) entity!: AuditEntity;
  @ApiProperty({ type: String, nullable: true, example: 'BK20300116090000P01' })
  entity_id!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { room_number: 'P01', date: '2030-01-16', start_hour: 9, end_hour: 10 },
    description: 'What changed (ids, room, date, hours, before/after); never a secret',
  })
  data!: Record<string, unknown>;

  static from(record: AuditRecord): AuditEntryResponse {
    return {
      id: record.id,
      at: record.at.toISOString(),
      actor_id: record.actorId,
      action: record.action,
      entity: record.entity,
      entity_id: record.entityId,
      data: record.data,
    };
  }
}

export class AuditPageResponse {
  @ApiProperty({ type: AuditEntryResponse, isArray: true }) results!: AuditEntryResponse[];
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'WyIxNzk0ODM2MDAwMDAwMDAwIiwiMTIwNyJd.dGFn',
    description: 'Opaque: pass as `?cursor=` for the older entries; null on the last page',
  })
  next_cursor!: string | null;
}
