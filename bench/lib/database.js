'use strict';
/**
 * The benchmark's PostgreSQL: a fresh database on DATABASE_URL's server when one is given,
 * otherwise an embedded server (the project's own startEmbeddedPostgres, from dist) in a
 * temporary directory, durable (fsync on) like a production server.
 */
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');

const DIST_DATABASE = join(
  process.env.API_DIST ?? join(__dirname, '..', '..', 'dist/apps/api'),
  'libs/embedded-postgres/src/index.js',
);

async function withClient(url, work) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The server's postmaster, when it runs on this machine: the parent of our backend, if /proc
 * shows that backend at all. Null for a remote server (its CPU cannot be read from here).
 */
async function localPostmasterPid(url) {
  // Read while the backend lives: it exits with the connection.
  return withClient(url, async (c) => {
    const { pid } = (await c.query('SELECT pg_backend_pid() AS pid')).rows[0];
    try {
      // A remote server's backend pid may name some local process: only a postgres counts.
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) return null;
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]);
      return ppid > 1 ? ppid : null;
    } catch {
      return null;
    }
  });
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function provideDatabase(log) {
  const given = process.env.DATABASE_URL;
  if (given) {
    const name = `bench_${randomBytes(4).toString('hex')}`;
    try {
      await withClient(given, (c) => c.query(`CREATE DATABASE ${name}`));
    } catch (error) {
      log(`cannot create a scratch database on DATABASE_URL (${error.message}); using it as is`);
      return { url: given, source: 'DATABASE_URL', cleanup: async () => undefined };
    }
    log(`scratch database ${name} on DATABASE_URL's server`);
    return {
      url: withDatabase(given, name),
      source: 'DATABASE_URL (scratch database)',
      postmasterPid: await localPostmasterPid(given),
      cleanup: () =>
        withClient(given, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(
          () => undefined,
        ),
    };
  }
  const { startEmbeddedPostgres } = require(DIST_DATABASE);
  const dataDir = mkdtempSync(join(tmpdir(), 'booking-bench-pg-'));
  const handle = await startEmbeddedPostgres({ dataDir, database: 'bench', durable: true, log });
  return {
    url: handle.url,
    source: 'embedded PostgreSQL (temp dir, fsync on)',
    postmasterPid: Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]),
    cleanup: async () => {
      await handle.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

module.exports = { provideDatabase, withClient };
