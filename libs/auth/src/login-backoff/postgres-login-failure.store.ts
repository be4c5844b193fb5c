import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FailureStreak, LoginBackoffRules, MAX_DOUBLINGS } from './login-backoff.policy';
import { AttemptOutcome, LoginFailureStore } from './login-failure.store';

const SWEEP_EVERY_MS = 60_000;

/**
 * The counting step in one statement: the row's lock (ON CONFLICT takes it) orders concurrent
 * attempts, and the WHERE is `waitAfterFailures` of the policy. No row back: refused.
 * $1 key, $2 now, $3 forget after ms, $4 failure limit, $5 base ms, $6 max ms.
 */
const COUNT_ATTEMPT = `
  INSERT INTO login_failures AS f (username_key, failures, last_failure_at)
  VALUES ($1, 1, $2)
  ON CONFLICT (username_key) DO UPDATE
     SET failures = CASE WHEN f.last_failure_at <= $2 - $3::int * interval '1 ms' THEN 1
                         ELSE f.failures + 1 END,
         last_failure_at = $2
   WHERE f.last_failure_at <= $2 - $3::int * interval '1 ms'
      OR f.failures < $4::int
      OR f.last_failure_at
         + least($5::int * 2 ^ least(f.failures - $4::int, ${MAX_DOUBLINGS}), $6::int)
           * interval '1 ms' <= $2
  RETURNING failures`;

/** Failure streaks in the login_failures table (used when there is no Redis). */
@Injectable()
export class PostgresLoginFailureStore implements LoginFailureStore {
  private lastSweepAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly dataSource: DataSource) {}

  async countAttempt(key: string, now: number, rules: LoginBackoffRules): Promise<AttemptOutcome> {
    await this.sweepForgotten(now, rules);
    const at = new Date(now);
    const counted: unknown[] = await this.dataSource.query(COUNT_ATTEMPT, [
      key,
      at,
      rules.forgetAfterMs,
      rules.failureLimit,
      rules.baseMs,
      rules.maxMs,
    ]);
    if (counted.length > 0) return { counted: true };
    return { counted: false, streak: await this.findStreak(key) };
  }

  async clear(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_failures WHERE username_key = $1`, [key]);
  }

  private async findStreak(key: string): Promise<FailureStreak | null> {
    const rows: Array<{ failures: number; last_failure_at: Date }> = await this.dataSource.query(
      `SELECT failures, last_failure_at FROM login_failures WHERE username_key = $1`,
      [key],
    );
    const row = rows[0];
    return row ? { failures: row.failures, lastFailureAt: row.last_failure_at.getTime() } : null;
  }

  /** Keeps the table bounded: at most once a minute per process, drop forgotten streaks. */
  private async sweepForgotten(now: number, rules: LoginBackoffRules): Promise<void> {
    if (now - this.lastSweepAt < SWEEP_EVERY_MS) return;
    this.lastSweepAt = now;
    await this.dataSource.query(
      `DELETE FROM login_failures WHERE last_failure_at <= $1::timestamptz - $2::int * interval '1 ms'`,
      [new Date(now), rules.forgetAfterMs],
    );
  }
}
