import { AppConfig } from '@app/core';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from './embedded-postgres';

let embedded: Promise<EmbeddedPostgresHandle> | undefined;

/**
 * The database URL this process should use: DATABASE_URL, or the embedded server in
 * EMBEDDED_PG_DIR (started once per process, reused if another process runs it).
 */
export async function resolveDatabaseUrl(
  config: Pick<AppConfig, 'databaseUrl' | 'embeddedPgDir'>,
  log?: (message: string) => void,
): Promise<string> {
  if (config.databaseUrl) return config.databaseUrl;
  embedded ??= startEmbeddedPostgres({ dataDir: config.embeddedPgDir, database: 'booking', log });
  return (await embedded).url;
}

/** Stops the embedded server if this process owns it; a no-op otherwise. */
export async function stopEmbeddedDatabase(): Promise<void> {
  if (!embedded) return;
  const handle = await embedded.catch(() => undefined);
  embedded = undefined;
  await handle?.stop();
}
