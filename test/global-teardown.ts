import { rmSync } from 'node:fs';
import { Client } from 'pg';
import type { EmbeddedPostgresHandle } from '../libs/embedded-postgres/src';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.TEST_PG_SERVER_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  if (serverUrl && template) {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  }
  const state = globalThis as { __embeddedPg?: EmbeddedPostgresHandle; __embeddedPgDir?: string };
  if (state.__embeddedPg) {
    await state.__embeddedPg.stop();
    if (state.__embeddedPgDir) rmSync(state.__embeddedPgDir, { recursive: true, force: true });
  }
}
