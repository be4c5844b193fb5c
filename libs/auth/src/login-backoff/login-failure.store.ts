import type { FailureStreak, LoginBackoffRules } from './login-backoff.policy';

/** Counted: the attempt may check its password. Refused: the streak it must wait out. */
export type AttemptOutcome = { counted: true } | { counted: false; streak: FailureStreak | null };

/**
 * Failure streaks per username key, shared across processes. `countAttempt` is one atomic
 * step: refuse while the streak's wait runs, otherwise count the attempt as a failure (a
 * success clears it afterwards), so concurrent guesses cannot all pass before one is recorded.
 */
export interface LoginFailureStore {
  countAttempt(key: string, now: number, rules: LoginBackoffRules): Promise<AttemptOutcome>;
  clear(key: string): Promise<void>;
}
