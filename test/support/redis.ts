import Redis from 'ioredis';

/** The machine's Redis, where there is one; specs that need it skip themselves otherwise. */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** Whether a Redis answers at `url`; warns (naming what is skipped) when none does. */
export async function redisReachable(url: string, skipping: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
  });
  probe.on('error', () => undefined);
  let up = false;
  try {
    await probe.connect();
    up = (await probe.ping()) === 'PONG';
  } catch {
    // unreachable: up stays false
  } finally {
    probe.disconnect();
  }
  // eslint-disable-next-line no-console
  if (!up) console.warn(`SKIPPED ${skipping}: no Redis at ${url}`);
  return up;
}
