import { ThrottlerModule } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/core';
import { RATE_LIMIT_REDIS, RateLimitStoreModule, RedisThrottlerStorage } from '@app/auth';

// The default name keeps the headers plain: `Retry-After`, not `Retry-After-<name>`.
export const AUTH_THROTTLER = 'default';
const WINDOW_MS = 60_000;

/**
 * AUTH_RATE_LIMIT requests per minute per client IP, one budget shared by register, token and
 * refresh (0 turns it off). In memory by default; in Redis when REDIS_URL is set, so every
 * API process counts against the same budget.
 */
export const AuthRateLimitModule = ThrottlerModule.forRootAsync({
  imports: [RateLimitStoreModule],
  inject: [APP_CONFIG, RATE_LIMIT_REDIS],
  useFactory: (config: AppConfig, redis: Redis | null) => ({
    throttlers: [
      { name: AUTH_THROTTLER, ttl: WINDOW_MS, limit: Math.max(config.authRateLimit, 1) },
    ],
    skipIf: () => config.authRateLimit === 0,
    // One key per client for all auth routes (the default key is per route).
    generateKey: (_context, tracker) => `auth:${tracker}`,
    storage: redis ? new RedisThrottlerStorage(redis) : undefined,
  }),
});
