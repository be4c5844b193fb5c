import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { APP_CONFIG, AppConfig, ConfigValidationError, loadConfig } from '@app/core';
import { checkDatabaseSource, stopEmbeddedDatabase } from '@app/database';
import { AppModule } from './app.module';
import { FASTIFY_OPTIONS, configureApp } from './configure-app';

async function bootstrap(): Promise<void> {
  try {
    // Fail before anything starts, naming every bad variable (and a missing embedded database).
    await checkDatabaseSource(loadConfig());
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const startedAt = Date.now();
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter(FASTIFY_OPTIONS),
    {
      bufferLogs: true,
    },
  );
  configureApp(app);
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.port, '0.0.0.0');
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
  new Logger('Bootstrap').error(
    error instanceof Error ? (error.stack ?? error.message) : String(error),
  );
  await stopEmbeddedDatabase().catch(() => undefined);
  process.exit(1);
});
