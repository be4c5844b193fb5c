export * from './waitlist.module';
export * from './waitlist.service';
export * from './waitlist.errors';
export * from './waitlist-expiry.sweep';
export { WAITLIST_STATUSES } from './entities/waitlist-entry.entity';
export type { WaitlistStatus } from './entities/waitlist-entry.entity';
export type { WaitlistEntryRecord } from './waitlist.repository';
