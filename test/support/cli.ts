import { CommandFactory } from 'nest-commander';
import { CliModule } from '../../apps/cli/src/cli.module';
import { testServerUrl } from './test-database';

/**
 * Runs one CLI command in-process against `database`, as `npm run cli -- ...args` would, with
 * `env` on top of the test environment (e.g. { CLOCK_OFFSET_S: '3600' }); returns its stdout.
 */
export async function runCliWith(
  database: string,
  env: Record<string, string>,
  ...args: string[]
): Promise<string> {
  const savedEnv = { ...process.env };
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: testServerUrl(database),
    MIGRATIONS_RUN: 'false',
    ...env,
  });
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  let app: Awaited<ReturnType<typeof CommandFactory.createWithoutRunning>>;
  try {
    app = await CommandFactory.createWithoutRunning(CliModule, { logger: false });
  } catch (error) {
    process.env = savedEnv;
    throw error;
  }
  process.stdout.write = (chunk: string) => {
    written.push(String(chunk));
    return true;
  };
  const savedArgv = process.argv;
  process.argv = ['node', 'cli', ...args]; // nest-commander parses process.argv
  try {
    await CommandFactory.runApplication(app);
  } finally {
    process.argv = savedArgv;
    process.stdout.write = write;
    process.env = savedEnv;
    await app.close();
  }
  return written.join('');
}

export const runCli = (database: string, ...args: string[]): Promise<string> =>
  runCliWith(database, {}, ...args);
