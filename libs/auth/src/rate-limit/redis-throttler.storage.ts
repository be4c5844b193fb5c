import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** The part of an ioredis client this storage uses (a fake can stand in for it in unit tests). */
export interface RedisEvalClient {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

/**
 * Fixed window per key, shared by every process on one Redis. Atomic in one Lua call:
 * while the block key lives, the request is refused; otherwise INCR the hit counter (PEXPIRE
 * on the first hit) and, past the limit, set the block key for blockDuration.
 * Returns {hits, window ms left, blocked 0/1, block ms left}.
 */
export const INCREMENT_SCRIPT = `
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then
  local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
  return {hits, math.max(redis.call('PTTL', KEYS[1]), 0), 1, blockLeft}
end
local hits = redis.call('INCR', KEYS[1])
local windowLeft = redis.call('PTTL', KEYS[1])
if windowLeft < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  windowLeft = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, windowLeft, 1, tonumber(ARGV[3])}
end
return {hits, windowLeft, 0, 0}
`;

export const throttlerKeys = (prefix: string, key: string, throttlerName: string) => ({
  hits: `${prefix}${throttlerName}:${key}:hits`,
  block: `${prefix}${throttlerName}:${key}:block`,
});

/** Turns the script's reply (milliseconds) into the throttler's record (whole seconds, rounded up). */
export function toThrottlerRecord(reply: unknown): ThrottlerStorageRecord {
  if (!Array.isArray(reply) || reply.length !== 4 || !reply.every((n) => typeof n === 'number')) {
    throw new Error(`unexpected throttler script reply: ${JSON.stringify(reply)}`);
  }
  const [totalHits, windowMs, blocked, blockMs] = reply;
  return {
    totalHits,
    timeToExpire: Math.ceil(Math.max(windowMs, 0) / 1000),
    isBlocked: blocked === 1,
    timeToBlockExpire: Math.ceil(Math.max(blockMs, 0) / 1000),
  };
}

/**
 * ThrottlerStorage over Redis (@nest-lab/throttler-storage-redis does not install with Nest 12).
 * When Redis cannot answer, the request is let through and a warning logged: an auth rate
 * limit that fails closed would turn a cache outage into a login outage.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');

  constructor(
    private readonly redis: RedisEvalClient,
    private readonly prefix = 'throttle:',
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const keys = throttlerKeys(this.prefix, key, throttlerName);
    try {
      const reply = await this.redis.eval(
        INCREMENT_SCRIPT,
        2,
        keys.hits,
        keys.block,
        Math.max(1, Math.ceil(ttl)),
        limit,
        Math.max(1, Math.ceil(blockDuration)),
      );
      return toThrottlerRecord(reply);
    } catch (error) {
      this.logger.warn(
        `rate limit store unavailable, letting the request through: ${(error as Error).message}`,
      );
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
