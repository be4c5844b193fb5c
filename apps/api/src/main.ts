import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  APP_CONFIG,
  AppConfig,
  StartupError,
  describeStartupFailure,
  loadConfig,
  loadEnvFile,
} from '@app/core';
import { checkDatabaseSource, claimEmbeddedDataDir, stopEmbeddedDatabase } from '@app/database';
import { AppModule } from './app.module';
import { FASTIFY_OPTIONS, configureApp } from './configure-app';

function listenFailure(error: unknown, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new StartupError(`port ${port} is already in use: stop what listens there, or set PORT`);
  }
  if (code === 'EACCES')
    return new StartupError(`no permission to listen on port ${port}: set PORT`);
  return error;
}

async function bootstrap(): Promise<void> {
  loadEnvFile(); // .env for local runs; the environment wins
  // Fail before anything starts, naming every bad variable (and a missing embedded database),
  // and refuse to share an embedded data directory with another running API.
  const startConfig = loadConfig();
  await checkDatabaseSource(startConfig);
  await claimEmbeddedDataDir(startConfig);
  const startedAt = Date.now();
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter(FASTIFY_OPTIONS),
    // A failed start prints one line (below), not Nest's buffered logs and a stack.
    { bufferLogs: true, autoFlushLogs: false, abortOnError: false },
  );
  configureApp(app);
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.port, '0.0.0.0').catch((error: unknown) => {
    throw listenFailure(error, config.port);
  });
  app.flushLogs(); // only now: a port in use is the one line below, not also Nest's own log
  const logger = new Logger('Bootstrap');
  logger.log(
    `listening on http://localhost:${config.port} (ready in ${Date.now() - startedAt} ms); docs at /api/docs`,
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: draining requests and shutting down`);
    void app
      .close()
      .then(() => stopEmbeddedDatabase())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

bootstrap().catch(async (error: unknown) => {
  process.stderr.write(`${describeStartupFailure(error)}\n`);
  await stopEmbeddedDatabase().catch(() => undefined);
  process.exit(1);
});
