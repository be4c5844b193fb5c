import { DataSource } from 'typeorm';

// Any constant shared by every process of this service.
const MIGRATION_LOCK_KEY = 727_274_001;

/** Applies pending migrations under a session advisory lock, so processes starting together take turns. */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    // Wait as long as another process migrates: lock_timeout would cut the wait short.
    await queryRunner.query('SET lock_timeout = 0');
    await queryRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await queryRunner
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await queryRunner.query('RESET lock_timeout').catch(() => undefined);
    await queryRunner.release();
  }
}
