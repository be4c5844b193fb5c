import type Redis from 'ioredis';
import { LoginBackoffRules, MAX_DOUBLINGS } from './login-backoff.policy';
import { AttemptOutcome, LoginFailureStore } from './login-failure.store';

/**
 * The counting step as one Lua script (atomic in Redis), `waitAfterFailures` of the policy
 * inside. Returns {1} when counted, {0, failures, last failure ms} when refused.
 * ARGV: now ms, forget after ms, failure limit, base ms, max ms.
 */
export const COUNT_ATTEMPT_SCRIPT = `
local now = tonumber(ARGV[1])
local forget = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local streak = redis.call('HMGET', KEYS[1], 'failures', 'last')
local failures = tonumber(streak[1]) or 0
local last = tonumber(streak[2]) or 0
if failures > 0 and last <= now - forget then failures = 0 end
if failures >= limit then
  local doublings = math.min(failures - limit, ${MAX_DOUBLINGS})
  local wait = math.min(tonumber(ARGV[4]) * 2 ^ doublings, tonumber(ARGV[5]))
  if last + wait > now then return {0, failures, last} end
end
redis.call('HSET', KEYS[1], 'failures', failures + 1, 'last', ARGV[1])
redis.call('PEXPIRE', KEYS[1], forget)
return {1}
`;

/** Failure streaks in Redis (with REDIS_URL); each key expires a day after its last failure. */
export class RedisLoginFailureStore implements LoginFailureStore {
  constructor(
    private readonly redis: Pick<Redis, 'eval' | 'del' | 'status'>,
    private readonly prefix = 'login-failures:',
  ) {}

  /** False while the connection is known to be down: no request should wait on it then. */
  get reachable(): boolean {
    return !['reconnecting', 'close', 'end'].includes(this.redis.status);
  }

  async countAttempt(key: string, now: number, rules: LoginBackoffRules): Promise<AttemptOutcome> {
    const reply = await this.redis.eval(
      COUNT_ATTEMPT_SCRIPT,
      1,
      this.prefix + key,
      now,
      rules.forgetAfterMs,
      rules.failureLimit,
      rules.baseMs,
      rules.maxMs,
    );
    if (!Array.isArray(reply) || !reply.every((n) => typeof n === 'number')) {
      throw new Error(`unexpected login backoff script reply: ${JSON.stringify(reply)}`);
    }
    if (reply[0] === 1) return { counted: true };
    return {
      counted: false,
      streak: reply.length === 3 ? { failures: reply[1], lastFailureAt: reply[2] } : null,
    };
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}
