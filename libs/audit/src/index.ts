export * from './audit.module';
export * from './audit-entry';
export * from './audit-trail';
export { AuditLogService } from './audit-log.service';
export type { AuditPage } from './audit-log.service';
export type { AuditBound, AuditFilters, AuditKey } from './audit-log.repository';
