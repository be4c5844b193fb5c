import type { PoolClient, QueryResult } from 'pg';
import { escapeLiteral } from 'pg';
import { DataSource, QueryRunner, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isConnectionError } from './pg-errors';
import { retryingConflicts, TransactionOptions } from './transaction';

/** The parameter types a batched statement may take; each value is checked against its type. */
export type SqlType = 'int' | 'int[]' | 'smallint' | 'smallint[]' | 'text' | 'date';

/** A statement PREPAREd once per connection (SQL-level) and EXECUTEd with literal arguments. */
export interface BatchStatement {
  /** A plain identifier, unique among the app's prepared statements. */
  name: string;
  text: string;
  types: readonly SqlType[];
}

export interface StatementCall {
  statement: BatchStatement;
  values: readonly unknown[];
}

/**
 * A transaction whose statements travel in batches: one round trip runs every statement of a
 * batch in order, each a statement of its own (under READ COMMITTED, each with a fresh
 * snapshot, as if sent one by one). BEGIN travels with the first batch and COMMIT with the
 * last, so lock, read, insert and commit take two round trips instead of five.
 */
export interface BatchedTransaction {
  /** Runs the calls; the rows of each, in order. */
  run(calls: readonly StatementCall[]): Promise<unknown[][]>;
  /** Runs the calls, then COMMIT, in one round trip. */
  runAndCommit(calls: readonly StatementCall[]): Promise<unknown[][]>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * The SQL literal of a value of a declared type. Anything that does not fit its type is a
 * programming error (values are validated long before), so it throws instead of guessing.
 */
export function sqlLiteral(type: SqlType, value: unknown): string {
  if (value === null) return 'NULL';
  const integer = (v: unknown): string => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
      throw new TypeError(`not an integer for a ${type} parameter: ${String(v)}`);
    }
    return String(v);
  };
  switch (type) {
    case 'int':
    case 'smallint':
      return integer(value);
    case 'int[]':
    case 'smallint[]':
      if (!Array.isArray(value)) throw new TypeError(`not an array for a ${type} parameter`);
      return `'{${value.map((v) => (v === null ? 'NULL' : integer(v))).join(',')}}'::${type}`;
    case 'date':
      if (typeof value !== 'string' || !DATE.test(value)) {
        throw new TypeError(`not a YYYY-MM-DD date: ${JSON.stringify(value)}`);
      }
      return `'${value}'::date`;
    case 'text':
      if (typeof value !== 'string') throw new TypeError('not a string for a text parameter');
      return escapeLiteral(value);
  }
}

export function prepareSql(statement: BatchStatement): string {
  if (!NAME.test(statement.name)) throw new Error(`Not a plain statement name: ${statement.name}`);
  // PostgreSQL refuses an empty parameter list: `PREPARE name AS`, not `PREPARE name() AS`.
  const types = statement.types.length ? `(${statement.types.join(', ')})` : '';
  return `PREPARE ${statement.name}${types} AS ${statement.text}`;
}

export function executeSql({ statement, values }: StatementCall): string {
  if (values.length !== statement.types.length) {
    throw new Error(
      `${statement.name} takes ${statement.types.length} values, got ${values.length}`,
    );
  }
  const args = statement.types.map((type, i) => sqlLiteral(type, values[i]));
  return `EXECUTE ${statement.name}${args.length ? `(${args.join(', ')})` : ''}`;
}

/** Statements PREPAREd on each pooled connection; a new connection starts with none. */
const preparedOn = new WeakMap<PoolClient, Set<string>>();

/**
 * The batched counterpart of runInTransaction, on a QueryRunner's connection (so the same
 * pool and lock_timeout): begin with the first batch, commit with runAndCommit (or, if the work never
 * called it, after the work); on error roll back and rethrow; a serialization failure or
 * deadlock is retried as a brand-new transaction. A connection whose state is in doubt
 * (rollback failed, or a batch that prepared statements failed) is destroyed, not reused.
 */
export async function runInBatchedTransaction<T>(
  dataSource: DataSource,
  work: (tx: BatchedTransaction) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return retryingConflicts(options, async () => {
    let discard: Error | undefined;
    // A QueryRunner owns the connection as for runInTransaction: it listens for the server
    // closing it (restart, crash) and hands it back to the pool, destroyed if broken.
    const queryRunner = dataSource.createQueryRunner() as QueryRunner & {
      releasePostgresConnection(error?: Error): Promise<void>;
    };
    const client = (await queryRunner.connect()) as PoolClient;
    let prepared = preparedOn.get(client);
    if (!prepared) preparedOn.set(client, (prepared = new Set()));
    let begun = false;
    let committed = false;

    const send = async (calls: readonly StatementCall[], commit: boolean) => {
      if (committed) throw new Error('The transaction is already committed');
      if (queryRunner.isReleased) throw new QueryRunnerAlreadyReleasedError();
      const toPrepare = calls
        .map((c) => c.statement)
        .filter((s, i, all) => !prepared.has(s.name) && all.indexOf(s) === i);
      const opens = !begun;
      const parts = [
        ...toPrepare.map(prepareSql),
        ...(opens ? ['BEGIN'] : []),
        ...calls.map(executeSql),
        ...(commit ? ['COMMIT'] : []),
      ];
      begun = true;
      let results: QueryResult | QueryResult[];
      try {
        results = await client.query(parts.join(';\n'));
      } catch (error) {
        if (toPrepare.length > 0) discard = error as Error;
        throw error;
      }
      toPrepare.forEach((s) => prepared.add(s.name));
      if (commit) committed = true;
      const list: QueryResult[] = Array.isArray(results) ? (results as QueryResult[]) : [results];
      const first = toPrepare.length + (opens ? 1 : 0);
      return list.slice(first, first + calls.length).map((r) => r.rows as unknown[]);
    };

    try {
      const result = await work({
        run: (calls) => send(calls, false),
        runAndCommit: (calls) => send(calls, true),
      });
      if (!committed) await send([], true);
      return result;
    } catch (error) {
      if (begun && !committed && !discard && !queryRunner.isReleased) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          discard = rollbackError;
        });
      }
      if (isConnectionError(error)) discard ??= error as Error;
      throw error;
    } finally {
      await queryRunner.releasePostgresConnection(discard);
    }
  });
}
