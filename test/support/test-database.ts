import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Set by test/global-setup.ts for every worker. */
export function testServerUrl(database = 'postgres'): string {
  const base = process.env.TEST_PG_SERVER_URL;
  if (!base)
    throw new Error('TEST_PG_SERVER_URL is not set: run the e2e specs through jest (global setup)');
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testServerUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the migrated template (tens of milliseconds). */
export async function createTestDatabase(): Promise<string> {
  const template = process.env.TEST_PG_TEMPLATE;
  if (!template)
    throw new Error('TEST_PG_TEMPLATE is not set: run the e2e specs through jest (global setup)');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withAdminClient(async (client) => {
    // CREATE DATABASE ... TEMPLATE fails while another session is connected to the template.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (error) {
        if (attempt > 50 || (error as { code?: string }).code !== '55006') throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return name;
}

export async function dropTestDatabase(name: string): Promise<void> {
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
