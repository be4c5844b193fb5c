import { DataSource } from 'typeorm';
import { authEntities } from '@app/auth';
import { bookingEntities } from '@app/bookings';
import { buildDataSourceOptions } from '@app/database';
import { roomEntities } from '@app/rooms';
import { teamEntities } from '@app/teams';
import { userEntities } from '@app/users';
import { createTestDatabase, dropTestDatabase, testServerUrl } from './support/test-database';

/** The booking entities mirror the migrations: TypeORM would generate nothing for their tables. */
describe('booking entities versus the migrated schema', () => {
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

  it('needs no schema change for bookings, booking_participants and room_days', async () => {
    const sqlInMemory = await dataSource.driver.createSchemaBuilder().log();
    const statements = sqlInMemory.upQueries
      .map((q) => q.query)
      .filter((q) => /"?(bookings|booking_participants|room_days)"?\b/.test(q));
    expect(statements).toEqual([]);
  });
});
