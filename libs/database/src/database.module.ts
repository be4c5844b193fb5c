import { DynamicModule, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/core';
import { connectFailure, isPermanentConnectError } from './connect-error';
import { buildDataSourceOptions } from './data-source-options';
import { resolveDatabaseUrl } from './embedded-database';
import { runMigrationsLocked } from './migrate';

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
      providers: [MigrationsOnStart],
    };
  }
}
