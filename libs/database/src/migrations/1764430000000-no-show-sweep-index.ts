import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The release sweep's query (active bookings not checked in whose start is due) reads only
 * this index: once released or checked in, a booking leaves it, so it stays the size of the
 * bookings still to come whatever the history.
 */
export class NoShowSweepIndex1764430000000 implements MigrationInterface {
  name = 'NoShowSweepIndex1764430000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX bookings_no_show_idx ON bookings (date, start_hour, id)
        WHERE status = 'ACTIVE' AND checked_in_at IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX bookings_no_show_idx`);
  }
}
