import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { RefreshTokens1764100000000 } from './1764100000000-refresh-tokens';
import { AccountChangeNotify1764200000000 } from './1764200000000-account-change-notify';
import { ParticipantLeftAt1764340000000 } from './1764340000000-participant-left-at';
import { LoginFailures1764350000000 } from './1764350000000-login-failures';
import { BookingRescheduledFrom1764410000000 } from './1764410000000-booking-rescheduled-from';
import { IdempotencyKeys1764420000000 } from './1764420000000-idempotency-keys';
import { BookingLifecycle1764425000000 } from './1764425000000-booking-lifecycle';
import { NoShowSweepIndex1764430000000 } from './1764430000000-no-show-sweep-index';
import { BookingSeries1764440000000 } from './1764440000000-booking-series';
import { Waitlist1764450000000 } from './1764450000000-waitlist';
import { RoomsAdminClosures1764460000000 } from './1764460000000-rooms-admin-closures';
import { HistoryIndexes1764470000000 } from './1764470000000-history-indexes';
import { CalendarFeeds1764480000000 } from './1764480000000-calendar-feeds';
import { PasswordSetTokens1764490000000 } from './1764490000000-password-set-tokens';
import { BookingPolicies1764500000000 } from './1764500000000-booking-policies';
import { AuditLog1764520000000 } from './1764520000000-audit-log';
import { Webhooks1764530000000 } from './1764530000000-webhooks';
import { Sites1764540000000 } from './1764540000000-sites';
import { SitePoliciesClosures1764560000000 } from './1764560000000-site-policies-closures';
import { AuditWebhooks1764570000000 } from './1764570000000-audit-webhooks';
import { BookingListOrderIndex1764580000000 } from './1764580000000-booking-list-order-index';
import { RoomClaimsRoomDateIndex1764590000000 } from './1764590000000-room-claims-room-date-index';

/** Every migration, in order. Listed, never globbed, so builds and tests see the same set. */
export const migrations = [
  InitialSchema1764000000000,
  RefreshTokens1764100000000,
  AccountChangeNotify1764200000000,
  ParticipantLeftAt1764340000000,
  LoginFailures1764350000000,
  BookingRescheduledFrom1764410000000,
  IdempotencyKeys1764420000000,
  BookingLifecycle1764425000000,
  NoShowSweepIndex1764430000000,
  BookingSeries1764440000000,
  Waitlist1764450000000,
  RoomsAdminClosures1764460000000,
  HistoryIndexes1764470000000,
  CalendarFeeds1764480000000,
  PasswordSetTokens1764490000000,
  BookingPolicies1764500000000,
  AuditLog1764520000000,
  Webhooks1764530000000,
  Sites1764540000000,
  SitePoliciesClosures1764560000000,
  AuditWebhooks1764570000000,
  BookingListOrderIndex1764580000000,
  RoomClaimsRoomDateIndex1764590000000,
];
