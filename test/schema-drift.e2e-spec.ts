import { DataSource } from 'typeorm';
import { authEntities } from '@app/auth';
import { bookingEntities } from '@app/bookings';
import { buildDataSourceOptions } from '@app/database';
import { roomEntities } from '@app/rooms';
import { teamEntities } from '@app/teams';
import { userEntities } from '@app/users';
import { createTestDatabase, dropTestDatabase, testServerUrl } from './support/test-database';

/**
 * Entities mirror the migrations, named constraints included: on a migrated database TypeORM's
 * schema builder (what `npm run migration:generate` runs) would change nothing.
 */
describe('entities versus the migrated schema', () => {
  let database: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(
      buildDataSourceOptions({
        url: testServerUrl(database),
        poolSize: 2,
        entities: [
          ...userEntities,
          ...authEntities,
          ...teamEntities,
          ...roomEntities,
          ...bookingEntities,
        ],
      }),
    );
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await dropTestDatabase(database);
  });

  it('needs no schema change for any table', async () => {
    const sqlInMemory = await dataSource.driver.createSchemaBuilder().log();
    expect(sqlInMemory.upQueries.map((q) => q.query)).toEqual([]);
  });
});
