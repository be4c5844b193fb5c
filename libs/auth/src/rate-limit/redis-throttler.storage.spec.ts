import {
  INCREMENT_SCRIPT,
  RedisEvalClient,
  RedisThrottlerStorage,
  throttlerKeys,
  toThrottlerRecord,
} from './redis-throttler.storage';

describe('toThrottlerRecord', () => {
  it.each([
    [
      'a first hit',
      [1, 60000, 0, 0],
      { totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 },
    ],
    [
      'part of a second rounds up',
      [3, 1, 0, 0],
      { totalHits: 3, timeToExpire: 1, isBlocked: false, timeToBlockExpire: 0 },
    ],
    [
      'a block',
      [4, 59001, 1, 60000],
      { totalHits: 4, timeToExpire: 60, isBlocked: true, timeToBlockExpire: 60 },
    ],
    [
      'negative TTLs (no expiry) read as zero',
      [2, -1, 1, -2],
      { totalHits: 2, timeToExpire: 0, isBlocked: true, timeToBlockExpire: 0 },
    ],
  ])('%s', (_name, reply, record) => {
    expect(toThrottlerRecord(reply)).toEqual(record);
  });

  it.each([[null], ['OK'], [[1, 2, 3]], [[1, '2', 0, 0]]])(
    'refuses a malformed reply %j',
    (reply) => {
      expect(() => toThrottlerRecord(reply)).toThrow(/unexpected throttler script reply/);
    },
  );
});

describe('RedisThrottlerStorage', () => {
  const fakeRedis = (reply: () => Promise<unknown>) => {
    const calls: unknown[][] = [];
    const client: RedisEvalClient = {
      eval: (...args: unknown[]) => {
        calls.push(args);
        return reply();
      },
    };
    return { client, calls };
  };

  it('runs the script once with both keys, the window, the limit and the block in ms', async () => {
    const { client, calls } = fakeRedis(() => Promise.resolve([2, 59000, 0, 0]));
    const storage = new RedisThrottlerStorage(client, 'p:');
    const record = await storage.increment('auth:127.0.0.1', 60000, 20, 60000, 'default');
    expect(record).toEqual({
      totalHits: 2,
      timeToExpire: 59,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    expect(calls).toEqual([
      [
        INCREMENT_SCRIPT,
        2,
        'p:default:auth:127.0.0.1:hits',
        'p:default:auth:127.0.0.1:block',
        60000,
        20,
        60000,
      ],
    ]);
  });

  it('never passes a zero or fractional expiry to Redis', async () => {
    const { client, calls } = fakeRedis(() => Promise.resolve([1, 1, 0, 0]));
    await new RedisThrottlerStorage(client).increment('k', 0.4, 1, 0, 'default');
    expect(calls[0].slice(4)).toEqual([1, 1, 1]);
  });

  it('lets the request through when Redis fails', async () => {
    const { client } = fakeRedis(() => Promise.reject(new Error('connect ECONNREFUSED')));
    const record = await new RedisThrottlerStorage(client).increment(
      'k',
      60000,
      1,
      60000,
      'default',
    );
    expect(record.isBlocked).toBe(false);
  });

  it('keeps keys of different throttlers and clients apart', () => {
    const a = throttlerKeys('t:', 'auth:1.2.3.4', 'default');
    const b = throttlerKeys('t:', 'auth:1.2.3.5', 'default');
    const c = throttlerKeys('t:', 'auth:1.2.3.4', 'burst');
    expect(new Set([a.hits, a.block, b.hits, b.block, c.hits, c.block]).size).toBe(6);
  });
});
