import { MAX_RETRY_DELAY_MS, retryDelayMs } from './retry.policy';

describe('retryDelayMs', () => {
  it.each([
    [1, 0, 5_000],
    [1, 1, 10_000],
    [2, 1, 20_000],
    [3, 0.5, 30_000],
    [20, 1, MAX_RETRY_DELAY_MS],
    [1000, 0, MAX_RETRY_DELAY_MS / 2],
  ])('after %i failed attempts with random %d: %i ms', (attempts, random, expected) => {
    expect(retryDelayMs(attempts, 10_000, random)).toBe(expected);
  });

  it('first retry within 30 s, and the schedule spans more than 24 h before 3 days', () => {
    expect(retryDelayMs(1, 10_000, 1)).toBeLessThanOrEqual(30_000);
    let total = 0;
    let attempts = 0;
    while (total < 24 * 3600_000) total += retryDelayMs(++attempts, 10_000, 1);
    expect(attempts).toBeGreaterThan(10);
  });
});
