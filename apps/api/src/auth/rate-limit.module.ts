import { Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/core';
import { RedisThrottlerStorage } from '@app/auth';

export const RATE_LIMIT_REDIS = Symbol('RATE_LIMIT_REDIS');
// The default name keeps the headers plain: `Retry-After`, not `Retry-After-<name>`.
export const AUTH_THROTTLER = 'default';
const WINDOW_MS = 60_000;

/** The Redis connection of the rate limiter, when REDIS_URL is set; closed on shutdown. */
@Module({
  providers: [
    {
      provide: RATE_LIMIT_REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Redis | null => {
        if (!config.redisUrl) return null;
        const logger = new Logger('RateLimit');
        const redis = new Redis(config.redisUrl, {
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
          // Never wait long for Redis inside a request: the storage lets requests through instead.
          commandTimeout: 1000,
        });
        let lastWarning = 0;
        redis.on('error', (error: Error) => {
          if (Date.now() - lastWarning > 10_000) {
            lastWarning = Date.now();
            logger.warn(`redis: ${error.message}`);
          }
        });
        return redis;
      },
    },
  ],
  exports: [RATE_LIMIT_REDIS],
})
export class RateLimitStoreModule implements OnApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    // QUIT would wait in the offline queue of a connection that never came up.
    if (this.redis.status !== 'ready') return this.redis.disconnect();
    await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}

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
