import type { AppConfig } from '@app/core';

/** When a username must wait after failed logins. Pure: the stores apply the same formula. */
export interface LoginBackoffRules {
  /** Failures in a row allowed before any wait; 0 turns the backoff off. */
  failureLimit: number;
  /** The first wait; each further failure doubles it. */
  baseMs: number;
  maxMs: number;
  /** A streak whose last failure is this old is forgotten (and its row swept). */
  forgetAfterMs: number;
}

export interface FailureStreak {
  failures: number;
  /** Epoch milliseconds. */
  lastFailureAt: number;
}

const BASE_MS = 1000;
const FORGET_AFTER_MS = 24 * 3600 * 1000;
/** 2^30 s is past any cap; a bound on the exponent keeps the arithmetic finite in SQL too. */
export const MAX_DOUBLINGS = 30;

export function loginBackoffRules(
  config: Pick<AppConfig, 'loginFailureLimit' | 'loginBackoffMaxSeconds'>,
): LoginBackoffRules {
  return {
    failureLimit: config.loginFailureLimit,
    baseMs: BASE_MS,
    maxMs: config.loginBackoffMaxSeconds * 1000,
    forgetAfterMs: FORGET_AFTER_MS,
  };
}

/** The wait after `failures` failures in a row: none below the limit, then 1 s, 2 s, 4 s ... up to the cap. */
export function waitAfterFailures(failures: number, rules: LoginBackoffRules): number {
  if (failures < rules.failureLimit) return 0;
  const doublings = Math.min(failures - rules.failureLimit, MAX_DOUBLINGS);
  return Math.min(rules.baseMs * 2 ** doublings, rules.maxMs);
}

/** Whole seconds (at least 1) until a refused attempt may be made; for Retry-After. */
export function retryAfterSeconds(
  streak: FailureStreak | null,
  now: number,
  rules: LoginBackoffRules,
): number {
  if (!streak) return 1;
  const left = streak.lastFailureAt + waitAfterFailures(streak.failures, rules) - now;
  return Math.max(1, Math.ceil(left / 1000));
}
