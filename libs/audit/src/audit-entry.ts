/** What an audit row is about; the filter `?entity=` takes these. */
export const AUDIT_ENTITIES = [
  'booking',
  'member',
  'team',
  'room',
  'policy',
  'auth',
  'webhook',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

/** Every action written, `<thing>.<what happened>`; listed so a typo does not compile. */
export const AUDIT_ACTIONS = [
  'booking.created',
  'booking.cancelled',
  'booking.released',
  'booking.checked_in',
  'booking.promoted',
  'booking.rescheduled',
  'booking.left',
  'series.created',
  'series.cancelled',
  'waitlist.created',
  'waitlist.cancelled',
  'waitlist.expired',
  'member.created',
  'member.registered',
  'member.updated',
  'member.role_changed',
  'member.deactivated',
  'member.deleted',
  'member.password_set',
  'member.password_changed',
  'team.created',
  'team.updated',
  'team.deleted',
  'room.created',
  'room.updated',
  'room.deactivated',
  'closure.created',
  'closure.lifted',
  'policy.updated',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  /** By the dispatcher (actor null): no successful delivery for 3 days. */
  'webhook.disabled',
  'auth.login_failed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One state change. `actorId` is the member id of the authenticated caller (null: the system,
 * a sweep, or an unauthenticated request); `data` what changed (ids, room, date, hours,
 * before/after), never a password, token or hash.
 */
export interface AuditEntry {
  actorId: number | null;
  action: AuditAction;
  entity: AuditEntity;
  entityId: string | number | null;
  data?: Record<string, unknown>;
}

/** A row as read back. */
export interface AuditRecord {
  id: number;
  at: Date;
  actorId: number | null;
  action: string;
  entity: AuditEntity;
  entityId: string | null;
  data: Record<string, unknown>;
}
