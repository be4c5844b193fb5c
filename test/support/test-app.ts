import { randomBytes } from 'node:crypto';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Pool } from 'pg';
import { APP_CONFIG, AppConfig, CLOCK, Clock, loadConfig } from '@app/core';
import { AppModule } from '../../apps/api/src/app.module';
import { FASTIFY_OPTIONS, configureApp } from '../../apps/api/src/configure-app';
import { createTestDatabase, dropTestDatabase, testServerUrl } from './test-database';

/** This process's signing secret: random, so no spec relies on a value kept in the repository. */
export const TEST_JWT_SECRET = randomBytes(32).toString('base64url');

export interface TestAppOptions {
  /** Extra environment variables, as the app would read them (e.g. { WORKSPACE_TIMEZONE: 'Asia/Tokyo' }). */
  env?: Record<string, string>;
  clock?: Clock;
  /** Boot another instance on an existing test database instead of creating one. */
  database?: string;
}

export interface TestApp {
  app: NestFastifyApplication;
  /** http://127.0.0.1:<port>: the app listens on a real socket. */
  url: string;
  database: string;
  config: AppConfig;
  /** Direct SQL on the test database, for arranging data and checking invariants. */
  db: Pool;
  close(): Promise<void>;
}

/**
 * The real AppModule with configureApp, on a fresh database cloned from the migrated
 * template, listening on 127.0.0.1 on a free port.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownsDatabase = options.database === undefined;
  const database = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    AUTH_RATE_LIMIT: '0',
    JWT_SECRET: TEST_JWT_SECRET,
    MIGRATIONS_RUN: 'false',
    SEED_ROOMS: 'true',
    DB_POOL_SIZE: '20',
    // Not the listening address: a link that followed the Host header would show.
    PUBLIC_URL: 'http://api.booking.test',
    // No timer-driven release sweep: a spec triggers ReleaseSweep.runOnce() when it means to.
    RELEASE_SWEEP_S: '0',
    // No webhook dispatcher either: a spec that wants deliveries sets WEBHOOK_DISPATCH_MS.
    WEBHOOK_DISPATCH_MS: '0',
    ...options.env,
    DATABASE_URL: testServerUrl(database),
  });
  let builder = Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config);
  if (options.clock) builder = builder.overrideProvider(CLOCK).useValue(options.clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    new FastifyAdapter(FASTIFY_OPTIONS),
    {
      logger: false,
    },
  );
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const db = new Pool({ connectionString: testServerUrl(database), max: 4 });
  // DROP DATABASE ... WITH (FORCE) at teardown terminates idle clients (57P01); that is expected.
  db.on('error', () => undefined);
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    database,
    config,
    db,
    close: async () => {
      await app.close();
      await db.end();
      if (ownsDatabase) await dropTestDatabase(database);
    },
  };
}
