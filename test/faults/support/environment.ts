import { Pool } from 'pg';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@app/database';
import { PgServer } from './pg-server';

export interface FaultEnvironment {
  pg: PgServer;
  databaseUrl: string;
  /** Direct SQL for arranging and checking; survives restarts (pg-pool reconnects). */
  db: Pool;
  close(): Promise<void>;
}

/** A PostgreSQL the test owns, with a migrated `booking` database. */
export async function startEnvironment(): Promise<FaultEnvironment> {
  const pg = await PgServer.create();
  await pg.start();
  const admin = new Client({ connectionString: pg.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE booking');
  await admin.end();
  const databaseUrl = pg.url('booking');
  const dataSource = new DataSource(buildDataSourceOptions({ url: databaseUrl, poolSize: 2 }));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  const db = new Pool({ connectionString: databaseUrl, max: 3 });
  // Idle clients die with the server during a restart; the pool drops them and reconnects.
  db.on('error', () => undefined);
  return {
    pg,
    databaseUrl,
    db,
    close: async () => {
      await db.end().catch(() => undefined);
      await pg.destroy();
    },
  };
}
