import { DataSource } from 'typeorm';
import { authEntities } from '@app/auth';
import { bookingEntities } from '@app/bookings';
import { buildDataSourceOptions } from '@app/database';
import { roomEntities } from '@app/rooms';
import { teamEntities } from '@app/teams';
import { userEntities } from '@app/users';
import { createTestDatabase, dropTestDatabase, testServerUrl } from './support/test-database';

/** Member, account, team and refresh-token entities mirror the migrations. */
describe('user, auth and team entities versus the migrated schema', () => {
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

  it('needs no schema change for members, accounts, teams, team_members and refresh_tokens', async () => {
    const sqlInMemory = await dataSource.driver.createSchemaBuilder().log();
    const statements = sqlInMemory.upQueries
      .map((q) => q.query)
      .filter((q) => /"?(members|accounts|teams|team_members|refresh_tokens)"?\b/.test(q));
    expect(statements).toEqual([]);
  });
});
