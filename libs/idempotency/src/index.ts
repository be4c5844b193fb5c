export * from './idempotency.module';
export * from './idempotency-keys.service';
export * from './idempotency.errors';
export * from './expired-answers.sweep';
export {
  IDEMPOTENCY_KEY_TTL_MS,
  isWellFormedIdempotencyKey,
  requestFingerprint,
} from './idempotency-key';
export type { IdempotencyScope, StoredResponse } from './idempotency-key';
