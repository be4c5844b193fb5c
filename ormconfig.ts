import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './libs/core/src/config.schema';
import { loadEnvFile } from './libs/core/src/env-file';
import { buildDataSourceOptions } from './libs/database/src/data-source-options';
import { resolveDatabaseUrl } from './libs/database/src/embedded-database';
import { authEntities } from './libs/auth/src';
import { bookingEntities } from './libs/bookings/src';
import { calendarEntities } from './libs/calendar/src';
import { idempotencyEntities } from './libs/idempotency/src';
import { roomEntities } from './libs/rooms/src';
import { teamEntities } from './libs/teams/src';
import { userEntities } from './libs/users/src';
import { waitlistEntities } from './libs/waitlist/src';

const entities = [
  ...userEntities,
  ...authEntities,
  ...teamEntities,
  ...roomEntities,
  ...bookingEntities,
  ...idempotencyEntities,
  ...calendarEntities,
  ...waitlistEntities,
];

/**
 * The DataSource of the TypeORM CLI (`npm run migration:generate|run|revert`): the same options
 * builder as the API, on DATABASE_URL or the embedded database (reused if the API is running).
 */
async function dataSource(): Promise<DataSource> {
  loadEnvFile(); // the same .env as npm start; the environment wins
  const config = loadConfig();
  const url = await resolveDatabaseUrl(config);
  return new DataSource(
    buildDataSourceOptions({
      url,
      poolSize: 2,
      entities,
      workspaceTimezone: config.workspaceTimezone,
    }),
  );
}

export default dataSource();
