import type { Pool } from 'pg';
import { DataSource, DataSourceOptions, EntityManager } from 'typeorm';
import type { Statement } from './transaction';
import { migrations } from './migrations';

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  /**
   * lock_timeout of every connection: a bounded wait for row locks (55P03 becomes 503 BUSY).
   * A connection setting rather than a SET LOCAL per transaction saves a round trip per booking.
   */
  lockTimeoutMs?: number;
  /**
   * WORKSPACE_TIMEZONE, as the session setting app.workspace_timezone: the zone of a site
   * without one of its own, for SQL that needs it (migrations, member_claims_starts_at_fill).
   */
  workspaceTimezone?: string;
  entities?: DataSourceOptions['entities'];
}

/**
 * SQL: the zone of a site whose `timezone` column is `column` — its own, else WORKSPACE_TIMEZONE
 * (the session setting above), else UTC. The one place a site's zone is resolved: every read
 * that needs it selects this rather than mapping a null in each service.
 */
export function siteZoneSql(column: string): string {
  return `coalesce(${column}, nullif(current_setting('app.workspace_timezone', true), ''), 'UTC')`;
}

/** Startup options of every connection (`-c name=value`, space-separated). */
function connectionOptions(settings: DataSourceSettings): string | undefined {
  const options: string[] = [];
  if (settings.lockTimeoutMs) options.push(`-c lock_timeout=${Math.floor(settings.lockTimeoutMs)}`);
  // Zone names are [A-Za-z0-9_+/-], validated by the config: nothing to escape.
  if (settings.workspaceTimezone) {
    options.push(`-c app.workspace_timezone=${settings.workspaceTimezone}`);
  }
  return options.length > 0 ? options.join(' ') : undefined;
}

/** The one place TypeORM options are built: API, CLI, tests and ormconfig.ts all call it. */
export function buildDataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: settings.entities ?? [],
    migrations,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    poolSize: settings.poolSize ?? 20,
    extra: {
      // Fail fast instead of queueing forever when the database is gone.
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30000,
      application_name: 'workspace-booking',
      // Queries are written without waiting for earlier answers: runInTransaction sends a
      // booking's statements in one round trip. Code that awaits each query is unaffected.
      pipeline: true,
      ...(connectionOptions(settings) ? { options: connectionOptions(settings) } : {}),
    },
  };
}

/** The pg pool under the DataSource: for hot statements that skip a QueryRunner per call. */
export function pgPool(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/**
 * A named statement for a read outside any transaction: straight on the pool, parsed once per
 * connection, no QueryRunner. A manager bound to a QueryRunner (inside a transaction) runs it on
 * that connection instead, so the read never escapes the transaction it was given.
 */
export async function queryStatement<R extends object>(
  manager: EntityManager,
  statement: Statement,
  values: unknown[],
): Promise<R[]> {
  if (manager.queryRunner) return manager.query(statement.text, values);
  return (await pgPool(manager.connection).query<R>({ ...statement, values })).rows;
}
