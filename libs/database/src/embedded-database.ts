import { AppConfig, ConfigValidationError } from '@app/core';
import type { EmbeddedPostgresHandle } from '@app/embedded-postgres';

type EmbeddedPostgresLib = typeof import('@app/embedded-postgres');

let lib: Promise<EmbeddedPostgresLib> | undefined;
let embedded: Promise<EmbeddedPostgresHandle> | undefined;

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

/** Stops the embedded server if this process owns it; a no-op otherwise. */
export async function stopEmbeddedDatabase(): Promise<void> {
  if (!embedded) return;
  const handle = await embedded.catch(() => undefined);
  embedded = undefined;
  await handle?.stop();
}
