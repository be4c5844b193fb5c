import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './libs/core/src/config.schema';
import { buildDataSourceOptions } from './libs/database/src/data-source-options';
import { resolveDatabaseUrl } from './libs/database/src/embedded-database';
import { Account, Member } from './libs/users/src';
import { Team } from './libs/teams/src';
import { Room } from './libs/rooms/src';

/**
 * The DataSource of the TypeORM CLI (`npm run migration:generate|run|revert`): the same options
 * builder as the API, on DATABASE_URL or the embedded database (reused if the API is running).
 */
async function dataSource(): Promise<DataSource> {
  const config = loadConfig();
  const url = await resolveDatabaseUrl(config);
  return new DataSource(
    buildDataSourceOptions({ url, poolSize: 2, entities: [Member, Account, Team, Room] }),
  );
}

export default dataSource();
