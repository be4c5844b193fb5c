import { offsetClock, systemClock } from './clock';

describe('offsetClock', () => {
  it('is the wall clock itself at 0', () => {
    expect(offsetClock(0)).toBe(systemClock);
  });

  it.each([3600, -86400, 1])('is the wall clock moved by %i s', (seconds) => {
    const before = Date.now();
    const shifted = offsetClock(seconds).now().getTime();
    const after = Date.now();
    expect(shifted).toBeGreaterThanOrEqual(before + seconds * 1000);
    expect(shifted).toBeLessThanOrEqual(after + seconds * 1000);
  });
});
