/** Every event an endpoint can subscribe to; "*" subscribes to all, present and future. */
export const WEBHOOK_EVENT_TYPES = [
  'booking.created',
  'booking.cancelled',
  'booking.released',
  'booking.checked_in',
  'booking.promoted',
  'series.created',
  'series.cancelled',
  'waitlist.expired',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const ALL_EVENTS = '*';
