import { DataSource, EntityManager } from 'typeorm';
import { isRetryableConflict } from './pg-errors';

export interface TransactionOptions {
  /** Extra attempts after a serialization failure or deadlock, each a brand-new transaction. */
  retries?: number;
}

/**
 * Owns the QueryRunner lifecycle: connect, begin, run, commit; roll back and rethrow on error;
 * always release. The work gets the transaction's EntityManager only. READ COMMITTED (the
 * server default) and the connection's lock_timeout (DB_LOCK_TIMEOUT_MS) apply: lock waits
 * are bounded and 55P03 surfaces to the caller (503 BUSY).
 */
export async function runInTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return retryingConflicts(options, async () => {
    const queryRunner = dataSource.createQueryRunner();
    try {
      await queryRunner.connect();
      await queryRunner.startTransaction();
      const result = await work(queryRunner.manager);
      await queryRunner.commitTransaction();
      return result;
    } catch (error) {
      if (queryRunner.isTransactionActive) {
        await queryRunner.rollbackTransaction().catch(() => undefined);
      }
      throw error;
    } finally {
      await queryRunner.release().catch(() => undefined);
    }
  });
}

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
