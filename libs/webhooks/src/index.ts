export * from './webhooks.module';
export * from './webhooks.service';
export * from './webhook.errors';
export * from './webhook-events';
export { Outbox } from './outbox';
export type { WebhookEventData } from './outbox';
export { WebhookDispatcher } from './webhook.dispatcher';
export type { WebhookAttemptRecord, WebhookEndpointRecord } from './webhook.repository';
export { MAX_WEBHOOK_URL_LENGTH } from './webhook-url.policy';
