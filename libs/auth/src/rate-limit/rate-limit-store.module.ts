import { Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/core';

export const RATE_LIMIT_REDIS = Symbol('RATE_LIMIT_REDIS');

/**
 * The Redis connection of the rate limits (per client IP, per username), when REDIS_URL is
 * set; null otherwise. One per process, closed on shutdown.
 */
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
          // Never wait long for Redis inside a request: the limits fall back instead.
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
