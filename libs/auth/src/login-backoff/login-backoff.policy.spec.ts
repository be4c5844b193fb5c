import {
  LoginBackoffRules,
  loginBackoffRules,
  retryAfterSeconds,
  waitAfterFailures,
} from './login-backoff.policy';

const rules: LoginBackoffRules = loginBackoffRules({
  loginFailureLimit: 5,
  loginBackoffMaxSeconds: 300,
});

describe('waitAfterFailures', () => {
  it.each([
    [0, 0],
    [4, 0],
    [5, 1000],
    [6, 2000],
    [7, 4000],
    [13, 256000],
    [14, 300000],
    [1000, 300000],
    [Number.MAX_SAFE_INTEGER, 300000],
  ])('after %i failures in a row: %i ms', (failures, wait) => {
    expect(waitAfterFailures(failures, rules)).toBe(wait);
  });

  it('waits from the first failure when the limit is 1', () => {
    expect(waitAfterFailures(1, { ...rules, failureLimit: 1 })).toBe(1000);
  });
});

describe('retryAfterSeconds', () => {
  const lastFailureAt = 1_000_000;
  it.each([
    ['just refused at the limit', 5, lastFailureAt, 1],
    ['a millisecond left', 6, lastFailureAt + 1999, 1],
    ['part of a second rounds up', 7, lastFailureAt + 1500, 3],
    ['at the cap', 20, lastFailureAt, 300],
    ['already over (a reset raced it)', 5, lastFailureAt + 5000, 1],
  ])('%s', (_label, failures, now, seconds) => {
    expect(retryAfterSeconds({ failures, lastFailureAt }, now, rules)).toBe(seconds);
  });

  it('is 1 s when the streak is gone', () => {
    expect(retryAfterSeconds(null, lastFailureAt, rules)).toBe(1);
  });
});
