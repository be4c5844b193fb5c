import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, Clock } from '@app/core';
import { runInTransaction, StatementCall, Transaction, TransactionOptions } from '@app/database';
import {
  IdempotencyKeyInFlight,
  IdempotencyKeyReused,
  IdempotentReplay,
  isKeyAnswer,
} from './idempotency.errors';
import {
  advisoryLockKeys,
  IDEMPOTENCY_KEY_TTL_MS,
  IdempotencyScope,
  StoredResponse,
} from './idempotency-key';
import { IDEMPOTENCY_STATEMENTS as SQL } from './idempotency.sql';

/**
 * A request that came with an Idempotency-Key, as a use case gets it: the HTTP layer says how
 * a result or a refusal looks to the client, so that exactly that is stored.
 */
export interface IdempotentRequest<T> {
  readonly scope: IdempotencyScope;
  /** The answer to a result of the use case (status and JSON text, as sent). */
  respond(result: T): StoredResponse;
  /** The answer to a refusal, or null when it is not stored (5xx, 503: worth a retry). */
  refuse(error: unknown): StoredResponse | null;
  /** Set once this request's answer is stored: nothing is left to store for it. */
  stored: boolean;
}

type AnswerRow = { fingerprint: string; status: number; body: string };

/** Throws what the key answers when it has a live answer already: a replay, or 422. */
function assertNoAnswer(scope: IdempotencyScope, rows: AnswerRow[]): void {
  const answer = rows[0];
  if (!answer) return;
  if (answer.fingerprint !== scope.fingerprint) throw new IdempotencyKeyReused();
  throw new IdempotentReplay({ status: answer.status, body: answer.body });
}

/**
 * Idempotency keys: one answer per (account, key) for 24 h, stored in the transaction of the
 * effect it reports. "In flight" is a transaction-level advisory lock on the key, so it holds
 * across API processes and ends with the transaction, even one whose process died.
 */
@Injectable()
export class IdempotencyKeys {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The cheap check before anything else runs: a key with an answer for this request throws
   * IdempotentReplay, one used for another request 422. No lock, no transaction.
   */
  async assertUnanswered(scope: IdempotencyScope): Promise<void> {
    const rows: AnswerRow[] = await this.dataSource.query(SQL.findAnswer.text, [
      scope.accountId,
      scope.key,
      this.clock.now(),
    ]);
    assertNoAnswer(scope, rows);
  }

  /**
   * runInTransaction, once per key. Without a request it is exactly runInTransaction. With
   * one, the key's claim (advisory lock, a fresh look for an answer, a savepoint) goes on the
   * wire ahead of the work's first statement and is answered with it, so it costs no round
   * trip; the work's statements count only once the claim says the key is this request's:
   * - another transaction holds the key: 409 IDEMPOTENCY_KEY_IN_FLIGHT;
   * - an answer was committed meanwhile: IdempotentReplay, or 422 for another request;
   * - the work returns: its answer is stored and committed with its effect. `runAndCommit`
   *   inside the work runs without the COMMIT, which follows the stored answer (one more
   *   round trip: the answer is rendered from what the work's last statements returned);
   * - the work refuses (a 4xx): its writes are rolled back to the savepoint and the refusal
   *   stored and committed, the key still locked, then rethrown.
   * Anything else (5xx, 503, a retried deadlock) is not stored: the key stays unused.
   */
  async transaction<T>(
    request: IdempotentRequest<T> | undefined,
    work: (tx: Transaction) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T> {
    if (!request) return runInTransaction(this.dataSource, work, options);
    return runInTransaction(
      this.dataSource,
      async (tx) => {
        const claim = this.claim(tx, request.scope, [{ statement: SQL.savepoint, values: [] }]);
        // Looked at below, before anything the work did counts; not an unhandled rejection meanwhile.
        claim.catch(() => undefined);
        const assertClaimed = () => claim;
        const keyed: Transaction = {
          manager: tx.manager,
          run: async (calls) => {
            const rows = await tx.run(calls);
            await assertClaimed();
            return rows;
          },
          runAndCommit: (calls) => keyed.run(calls),
        };
        let result: T;
        try {
          result = await work(keyed);
        } catch (error) {
          // What the work saw without the key is not its answer.
          await assertClaimed();
          const refusal = request.refuse(error);
          if (!refusal) throw error;
          await tx.runAndCommit([
            { statement: SQL.rollbackToSavepoint, values: [] },
            this.store(request.scope, refusal),
          ]);
          request.stored = true;
          throw error;
        }
        await assertClaimed();
        await tx.runAndCommit([this.store(request.scope, request.respond(result))]);
        request.stored = true;
        return result;
      },
      options,
    );
  }

  /**
   * Stores a refusal given outside the effect's transaction (the request's validation, checks
   * before the transaction) in a small transaction of its own, under the key's lock. Always
   * throws: the refusal itself, or what the key answers already (replay, 422, 409), which wins.
   * Errors that are not stored (5xx, 503, the key's own answers) are rethrown as they are.
   */
  async storeRefusal(request: IdempotentRequest<unknown>, error: unknown): Promise<never> {
    if (request.stored || isKeyAnswer(error)) throw error;
    const refusal = request.refuse(error);
    if (!refusal) throw error;
    await runInTransaction(this.dataSource, async (tx) => {
      await this.claim(tx, request.scope, []);
      await tx.runAndCommit([this.store(request.scope, refusal)]);
    });
    request.stored = true;
    throw error;
  }

  /** Deletes expired answers in batches of `batchSize`; returns how many went. */
  async deleteExpired(batchSize = 1000): Promise<number> {
    const now = this.clock.now();
    let total = 0;
    for (;;) {
      const [, deleted] = await this.dataSource.query<[unknown, number]>(SQL.deleteExpired.text, [
        now,
        batchSize,
      ]);
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }

  /**
   * The key's advisory lock, then (a statement of its own, so it sees what committed before the
   * lock was granted) its live answer; `then` goes on the wire behind them. Rejects with what
   * the key answers when it is not this request's to process.
   */
  private async claim(
    tx: Transaction,
    scope: IdempotencyScope,
    then: StatementCall[],
  ): Promise<void> {
    const [locked, answers] = (await tx.run([
      { statement: SQL.tryLock, values: advisoryLockKeys(scope.accountId, scope.key) },
      { statement: SQL.findAnswer, values: [scope.accountId, scope.key, this.clock.now()] },
      ...then,
    ])) as [{ locked: boolean }[], AnswerRow[]];
    // An answer committed before the lock was granted decides, whoever holds the lock now.
    assertNoAnswer(scope, answers);
    if (!locked[0]?.locked) throw new IdempotencyKeyInFlight();
  }

  private store(scope: IdempotencyScope, response: StoredResponse): StatementCall {
    const now = this.clock.now();
    return {
      statement: SQL.storeAnswer,
      values: [
        scope.accountId,
        scope.key,
        scope.fingerprint,
        response.status,
        response.body,
        now,
        new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS),
      ],
    };
  }
}
