import { AppConfig, ConfigValidationError, StartupError } from '@app/core';
import type { DataDirLock, EmbeddedPostgresHandle } from '@app/embedded-postgres';

type EmbeddedPostgresLib = typeof import('@app/embedded-postgres');

let lib: Promise<EmbeddedPostgresLib> | undefined;
let embedded: Promise<EmbeddedPostgresHandle> | undefined;
let dataDirLock: DataDirLock | undefined;

/**
 * The development-only embedded PostgreSQL, loaded on first use so a process with
 * DATABASE_URL never loads it, and a production install without it refuses in one line.
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresLib> {
  // Relative on purpose: `nest build` rewrites @app aliases in static imports only.
  lib ??= import('../../embedded-postgres/src').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'MODULE_NOT_FOUND' || !/embedded-postgres/.test(error.message)) throw error;
    throw new ConfigValidationError([
      'DATABASE_URL is required: the embedded PostgreSQL is a development dependency and is not installed here (npm ci --omit=dev)',
    ]);
  });
  return lib;
}

/**
 * Call before starting: without DATABASE_URL, checks that the embedded database can be loaded,
 * so a production install refuses with a ConfigValidationError instead of a failed start.
 */
export async function checkDatabaseSource(config: Pick<AppConfig, 'databaseUrl'>): Promise<void> {
  if (!config.databaseUrl) await loadEmbeddedPostgres();
}

/**
 * The API, before it starts: without DATABASE_URL, makes this process the only API on the
 * embedded data directory, or throws a StartupError naming the PID of the one running there
 * (sharing its server would lose the database when that one stops). The CLI does not call it.
 */
export async function claimEmbeddedDataDir(
  config: Pick<AppConfig, 'databaseUrl' | 'embeddedPgDir'>,
): Promise<void> {
  if (config.databaseUrl || dataDirLock) return;
  const { lockDataDir, DataDirInUseError } = await loadEmbeddedPostgres();
  try {
    dataDirLock = lockDataDir(config.embeddedPgDir);
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    throw new StartupError(
      `the embedded database in ${error.dataDir} is in use by another API process (PID ${error.pid}): stop that one, or give this one another EMBEDDED_PG_DIR or a DATABASE_URL`,
    );
  }
}

/**
 * The database URL this process should use: DATABASE_URL, or the embedded server in
 * EMBEDDED_PG_DIR (started once per process, reused if another process runs it).
 */
export async function resolveDatabaseUrl(
  config: Pick<AppConfig, 'databaseUrl' | 'embeddedPgDir'>,
  log?: (message: string) => void,
): Promise<string> {
  if (config.databaseUrl) return config.databaseUrl;
  embedded ??= loadEmbeddedPostgres().then(({ startEmbeddedPostgres }) =>
    startEmbeddedPostgres({ dataDir: config.embeddedPgDir, database: 'booking', log }),
  );
  return (await embedded).url;
}

/** Stops the embedded server if this process owns it, then releases the data directory. */
export async function stopEmbeddedDatabase(): Promise<void> {
  const starting = embedded;
  embedded = undefined;
  const handle = await starting?.catch(() => undefined);
  await handle?.stop();
  dataDirLock?.release();
  dataDirLock = undefined;
}
