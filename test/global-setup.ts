import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
// globalSetup runs outside jest's module mapper: import files, not the @app aliases.
import { buildDataSourceOptions } from '../libs/database/src/data-source-options';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../libs/embedded-postgres/src';

/**
 * One PostgreSQL for the run: TEST_DATABASE_URL / DATABASE_URL when given (a real server),
 * otherwise an embedded one in the OS temp dir. A template database is migrated once; every
 * spec file clones it.
 */
export default async function globalSetup(): Promise<void> {
  // The web app (dist/web), built before any spec starts an API that would serve it half-written.
  execFileSync(process.execPath, [join(__dirname, '../scripts/build-if-stale.js'), 'web'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let serverUrl: string;
  if (given) {
    serverUrl = given;
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'booking-test-pg-'));
    const handle = await startEmbeddedPostgres({ dataDir, database: 'postgres', durable: false });
    (
      globalThis as { __embeddedPg?: EmbeddedPostgresHandle; __embeddedPgDir?: string }
    ).__embeddedPg = handle;
    (globalThis as { __embeddedPgDir?: string }).__embeddedPgDir = dataDir;
    serverUrl = handle.url;
  }
  const template = `tmpl_${randomBytes(5).toString('hex')}`;
  const adminUrl = new URL(serverUrl);
  adminUrl.pathname = '/postgres';
  const admin = new Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${template}`;
  const dataSource = new DataSource(
    buildDataSourceOptions({ url: templateUrl.toString(), poolSize: 2 }),
  );
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  await admin.end();

  process.env.TEST_PG_SERVER_URL = adminUrl.toString();
  process.env.TEST_PG_TEMPLATE = template;
  // Specs boot the app with an explicit URL; never let them fall back to the dev database.
  delete process.env.DATABASE_URL;
}
