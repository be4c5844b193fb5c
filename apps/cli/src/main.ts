import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { describeStartupFailure, loadConfig, loadEnvFile } from '@app/core';
import { checkDatabaseSource, stopEmbeddedDatabase } from '@app/database';
import { CliModule } from './cli.module';

async function main(): Promise<void> {
  loadEnvFile(); // .env for local runs; the environment wins
  await checkDatabaseSource(loadConfig());
  // Same database as the API: DATABASE_URL, or the embedded server (reused if the API runs it).
  const app = await CommandFactory.createWithoutRunning(CliModule, {
    logger: ['error', 'warn'],
    // A failed start prints one line (below), not Nest's logs and a stack.
    bufferLogs: true,
    autoFlushLogs: false,
    abortOnError: false,
  });
  app.flushLogs();
  try {
    await CommandFactory.runApplication(app);
  } finally {
    await app.close();
    await stopEmbeddedDatabase();
  }
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${describeStartupFailure(error)}\n`);
  await stopEmbeddedDatabase().catch(() => undefined);
  process.exit(1);
});
