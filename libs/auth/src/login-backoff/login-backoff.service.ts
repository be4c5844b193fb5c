import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig, CLOCK, Clock } from '@app/core';
import { TooManyLoginAttempts } from '../auth.errors';
import { RATE_LIMIT_REDIS } from '../rate-limit/rate-limit-store.module';
import { sha256Hex } from '../tokens.service';
import { LoginBackoffRules, loginBackoffRules, retryAfterSeconds } from './login-backoff.policy';
import { AttemptOutcome, LoginFailureStore } from './login-failure.store';
import { PostgresLoginFailureStore } from './postgres-login-failure.store';
import { RedisLoginFailureStore } from './redis-login-failure.store';

/** A login attempt that was let through to the password check. */
export interface LoginAttempt {
  /** The password was right: the username's failure streak ends. */
  succeeded(): Promise<void>;
}

const UNLIMITED: LoginAttempt = { succeeded: () => Promise.resolve() };

/**
 * Per-username backoff on failed logins, whatever the client address: after
 * LOGIN_FAILURE_LIMIT failures in a row each further attempt waits 1 s, 2 s, 4 s ... (up to
 * LOGIN_BACKOFF_MAX) after the last failure, right password included, so a guesser gets
 * nothing from the wait and the owner never waits longer than the cap. In Redis with
 * REDIS_URL (PostgreSQL while Redis fails), otherwise in PostgreSQL.
 */
@Injectable()
export class LoginBackoffService {
  private readonly logger = new Logger('LoginBackoff');
  private readonly rules: LoginBackoffRules;
  private readonly redisStore: RedisLoginFailureStore | null;
  private lastRedisWarningAt = 0;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RATE_LIMIT_REDIS) redis: Redis | null,
    private readonly postgresStore: PostgresLoginFailureStore,
  ) {
    this.rules = loginBackoffRules(config);
    this.redisStore = redis ? new RedisLoginFailureStore(redis) : null;
  }

  /**
   * Counts an attempt for `username` before its password is checked (so concurrent guesses
   * cannot all pass before the first failure is recorded); TooManyLoginAttempts while the
   * username must wait. Unknown usernames count alike, so probing names costs the same.
   */
  async startAttempt(username: string): Promise<LoginAttempt> {
    if (this.rules.failureLimit === 0) return UNLIMITED;
    // Hashed: a password typed into the username field is never stored.
    const key = sha256Hex(username.toLowerCase());
    const now = this.clock.now().getTime();
    const { outcome, store } = await this.countAttempt(key, now);
    if (!outcome.counted) {
      throw new TooManyLoginAttempts(retryAfterSeconds(outcome.streak, now, this.rules));
    }
    return { succeeded: () => this.clear(store, key) };
  }

  private async countAttempt(
    key: string,
    now: number,
  ): Promise<{ outcome: AttemptOutcome; store: LoginFailureStore }> {
    if (this.redisStore?.reachable) {
      try {
        return {
          outcome: await this.redisStore.countAttempt(key, now, this.rules),
          store: this.redisStore,
        };
      } catch (error) {
        this.warnRedis(error);
      }
    }
    return {
      outcome: await this.postgresStore.countAttempt(key, now, this.rules),
      store: this.postgresStore,
    };
  }

  private async clear(store: LoginFailureStore, key: string): Promise<void> {
    try {
      await store.clear(key);
    } catch (error) {
      if (store !== this.redisStore) throw error;
      this.warnRedis(error);
    }
  }

  /** One warning per 10 s: an outage must not flood the log. */
  private warnRedis(error: unknown): void {
    const now = Date.now();
    if (now - this.lastRedisWarningAt < 10_000) return;
    this.lastRedisWarningAt = now;
    this.logger.warn(
      `login backoff store in Redis unavailable, counting in PostgreSQL: ${(error as Error).message}`,
    );
  }
}
