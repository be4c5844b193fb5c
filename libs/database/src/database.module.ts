import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/core';
import { connectFailure, isPermanentConnectError } from './connect-error';
import { buildDataSourceOptions } from './data-source-options';
import { resolveDatabaseUrl } from './embedded-database';
import { runMigrationsLocked } from './migrate';
import { READ_DATABASE, ReadDatabase } from './read-database';

@Injectable()
export class MigrationsOnStart implements OnModuleInit {
  private readonly logger = new Logger('Migrations');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.migrationsRun) return;
    const applied = await runMigrationsLocked(this.dataSource);
    if (applied.length > 0) this.logger.log(`applied migrations: ${applied.join(', ')}`);
  }
}

/** Closes the replica's pool with the app (the primary's is TypeOrmModule's). */
@Injectable()
export class ReadDatabaseShutdown implements OnApplicationShutdown {
  constructor(@Inject(READ_DATABASE) private readonly read: ReadDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    await this.read.close();
  }
}

/**
 * The replica for read-only endpoints (DATABASE_READ_URL) with the primary's entities and
 * pool size, connected now if it answers, else at a later read; without DATABASE_READ_URL the
 * primary itself.
 */
async function readDatabase(primary: DataSource, config: AppConfig): Promise<ReadDatabase> {
  if (!config.databaseReadUrl) return new ReadDatabase(primary);
  const replica = new DataSource({
    ...buildDataSourceOptions({
      url: config.databaseReadUrl,
      poolSize: config.dbPoolSize,
      workspaceTimezone: config.workspaceTimezone,
    }),
    entities: primary.options.entities,
  });
  const read = new ReadDatabase(primary, replica);
  await read.connect();
  return read;
}

/**
 * The TypeORM connection for API and CLI. Entities come from each feature module's
 * `TypeOrmModule.forFeature`; pending migrations run at start unless MIGRATIONS_RUN=false.
 */
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    const logger = new Logger('Database');
    // What the one-line failure names: the URL's host and port, and where to look.
    let url = '';
    let embeddedDir: string | undefined;
    let attempts = 0;
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => {
            url = await resolveDatabaseUrl(config, (message) => logger.log(message));
            embeddedDir = config.databaseUrl ? undefined : config.embeddedPgDir;
            return {
              ...buildDataSourceOptions({
                url,
                poolSize: config.dbPoolSize,
                lockTimeoutMs: config.lockTimeoutMs,
                workspaceTimezone: config.workspaceTimezone,
              }),
              autoLoadEntities: true,
              // Keep trying while a database restarts instead of failing start-up at once.
              retryAttempts: config.dbConnectAttempts,
              retryDelay: 1000,
              toRetry: (error: unknown) => !isPermanentConnectError(error),
            };
          },
          // The last failure is a StartupError: main prints one line naming host and port.
          dataSourceFactory: async (options?: DataSourceOptions) => {
            attempts += 1;
            try {
              return await new DataSource(options!).initialize();
            } catch (error) {
              throw connectFailure(error, url, attempts, embeddedDir);
            }
          },
        }),
      ],
      // Global: every feature module injects READ_DATABASE for its read-only endpoints.
      global: true,
      providers: [
        MigrationsOnStart,
        { provide: READ_DATABASE, inject: [DataSource, APP_CONFIG], useFactory: readDatabase },
        ReadDatabaseShutdown,
      ],
      exports: [READ_DATABASE],
    };
  }
}
