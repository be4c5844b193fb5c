import type { PoolClient, QueryResult } from 'pg';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { isRetryableConflict } from './pg-errors';

export interface TransactionOptions {
  /** Extra attempts after a serialization failure or deadlock, each a brand-new transaction. */
  retries?: number;
}

/**
 * A named statement: pg parses it once per connection (a server-side prepared statement) and
 * binds the values as parameters on every run.
 */
export interface Statement {
  /** Unique among the app's statements: pg refuses one name for two texts. */
  name: string;
  text: string;
}

export interface StatementCall {
  statement: Statement;
  values: readonly unknown[];
}

/** What the work of runInTransaction gets: the transaction's connection, two ways. */
export interface Transaction {
  /** TypeORM on the transaction's connection, for statements that can wait for each answer. */
  readonly manager: EntityManager;
  /**
   * Sends the calls back to back without waiting for each answer (pg's pipeline mode) and
   * waits once: one round trip. Each call is a statement of its own, so under READ COMMITTED
   * each sees what committed before it started, as if sent one by one. Resolves to the rows
   * of each call; rejects with the first error once every answer is in.
   */
  run(calls: readonly StatementCall[]): Promise<unknown[][]>;
  /** run, with COMMIT behind the calls in the same round trip. */
  runAndCommit(calls: readonly StatementCall[]): Promise<unknown[][]>;
}

/**
 * The one transaction helper. Connects a QueryRunner (the app's pool, the connection's
 * lock_timeout), runs the work, sending BEGIN without waiting for it in the first batch's
 * write (or before the manager's first use); commits (unless the work did with
 * runAndCommit); on error rolls back and rethrows; always hands the connection back, closed
 * if it is not idle after all that. A serialization failure or deadlock reruns the whole work
 * as a brand-new transaction.
 */
export async function runInTransaction<T>(
  dataSource: DataSource,
  work: (tx: Transaction) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return retryingConflicts(options, async () => {
    // isTransactionActive is a plain public field of TypeORM's query runners.
    const queryRunner = dataSource.createQueryRunner() as QueryRunner & {
      isTransactionActive: boolean;
    };
    const client = (await queryRunner.connect()) as PoolClient;
    if (!client.pipeline) {
      await queryRunner.release();
      throw new Error('runInTransaction needs a pool in pipeline mode (buildDataSourceOptions)');
    }
    // Results not yet checked (BEGIN until the batch it travelled with is answered).
    let unchecked: Promise<Answer>[] = [];
    // BEGIN waits for the first batch, or for the first use of the manager, and travels with it.
    let begun = false;
    const begin = () => {
      if (begun) return;
      begun = true;
      unchecked.push(settled(client.query('BEGIN')));
    };
    // TypeORM must know, or a save() in the work would open (and commit) a transaction itself.
    queryRunner.isTransactionActive = true;
    let open = true;

    const send = async (calls: readonly StatementCall[], commit: boolean) => {
      if (!open) throw new Error('The transaction is already committed');
      // One write for the whole batch: pg writes each statement (and BEGIN, COMMIT) on its own
      // otherwise, and on these VMs a socket write costs more than the statement it carries.
      const stream = socketOf(client);
      stream.cork();
      let queries: Promise<Answer>[];
      try {
        begin();
        queries = calls.map((c) =>
          settled(
            client.query({
              name: c.statement.name,
              text: c.statement.text,
              values: c.values as unknown[],
            }),
          ),
        );
        if (commit) queries.push(settled(client.query('COMMIT')));
      } finally {
        stream.uncork();
      }
      const sent = [...unchecked, ...queries];
      const skipped = unchecked.length;
      unchecked = [];
      if (commit) open = false;
      const results = await Promise.all(sent);
      for (const r of results) if (r instanceof Failed) throw r.error;
      return (results.slice(skipped, skipped + calls.length) as QueryResult[]).map(
        (r) => r.rows as unknown[],
      );
    };

    try {
      const result = await work({
        get manager() {
          begin();
          return queryRunner.manager;
        },
        run: (calls) => send(calls, false),
        runAndCommit: (calls) => send(calls, true),
      });
      if (open && begun) await send([], true);
      return result;
    } catch (error) {
      await Promise.all(unchecked);
      // A failed COMMIT ends the transaction too; only an open one needs the ROLLBACK.
      if (client.getTransactionStatus() !== 'I') {
        await client.query('ROLLBACK').catch(() => undefined);
      }
      throw error;
    } finally {
      queryRunner.isTransactionActive = false;
      // Not idle (a ROLLBACK that failed, a connection lost mid-way): never reuse it.
      if (client.getTransactionStatus() !== 'I') await client.end().catch(() => undefined);
      await queryRunner.release();
    }
  });
}

/** The client's socket (pg keeps it on its connection), to cork a batch into one write. */
const socketOf = (client: PoolClient): { cork(): void; uncork(): void } =>
  (client as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection
    .stream;

/** An error kept as a value, so an answer that fails before the others are in is not unhandled. */
class Failed {
  constructor(readonly error: unknown) {}
}

type Answer = QueryResult | Failed;

const settled = (query: Promise<QueryResult>): Promise<Answer> =>
  query.catch((error: unknown) => new Failed(error));

/**
 * Runs one whole transaction, and again (a brand-new one, after a short random pause) when it
 * failed on a serialization failure or deadlock, up to `retries` more times.
 */
export async function retryingConflicts<T>(
  options: TransactionOptions,
  attempt: () => Promise<T>,
): Promise<T> {
  const retries = options.retries ?? 2;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= retries || !isRetryableConflict(error)) throw error;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (n + 1)));
    }
  }
}
