import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { ConfigValidationError, loadConfig } from '@app/core';
import { checkDatabaseSource, stopEmbeddedDatabase } from '@app/database';
import { CliModule } from './cli.module';

async function main(): Promise<void> {
  try {
    await checkDatabaseSource(loadConfig());
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // Same database as the API: DATABASE_URL, or the embedded server (reused if the API runs it).
  const app = await CommandFactory.createWithoutRunning(CliModule, { logger: ['error', 'warn'] });
  try {
    await CommandFactory.runApplication(app);
  } finally {
    await app.close();
    await stopEmbeddedDatabase();
  }
}

main().catch(async (error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  await stopEmbeddedDatabase().catch(() => undefined);
  process.exit(1);
});
