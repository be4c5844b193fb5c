import { DataSource, EntityManager } from 'typeorm';
import { isRetryableConflict } from './pg-errors';

export interface TransactionOptions {
  /** Bounded wait for row locks; 55P03 surfaces to the caller (mapped to 503 BUSY). */
  lockTimeoutMs?: number;
  /** Extra attempts after a serialization failure or deadlock, each a brand-new transaction. */
  retries?: number;
}

/**
 * Owns the QueryRunner lifecycle: connect, begin, set lock_timeout, run, commit; roll back
 * and rethrow on error; always release. The work gets the transaction's EntityManager only.
 */
export async function runInTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const retries = options.retries ?? 2;
  for (let attempt = 0; ; attempt++) {
    const queryRunner = dataSource.createQueryRunner();
    try {
      await queryRunner.connect();
      await queryRunner.startTransaction('READ COMMITTED');
      if (options.lockTimeoutMs !== undefined) {
        await queryRunner.query(`SET LOCAL lock_timeout = ${Math.floor(options.lockTimeoutMs)}`);
      }
      const result = await work(queryRunner.manager);
      await queryRunner.commitTransaction();
      return result;
    } catch (error) {
      if (queryRunner.isTransactionActive) {
        await queryRunner.rollbackTransaction().catch(() => undefined);
      }
      if (attempt < retries && isRetryableConflict(error)) {
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
        continue;
      }
      throw error;
    } finally {
      await queryRunner.release().catch(() => undefined);
    }
  }
}
