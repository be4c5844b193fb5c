import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lifecycle columns every later capability reads: a booking may belong to a series, be
 * checked in, or be RELEASED (a no-show whose hours were given back). The status check says
 * which timestamps go with which status, so no code path can leave them inconsistent.
 */
export class BookingLifecycle1764425000000 implements MigrationInterface {
  name = 'BookingLifecycle1764425000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE bookings
        ADD COLUMN series_id varchar(32),
        ADD COLUMN checked_in_at timestamptz,
        ADD COLUMN checked_in_by integer CONSTRAINT bookings_checked_in_by_fk REFERENCES members (id),
        ADD COLUMN released_at timestamptz`);
    await queryRunner.query(`ALTER TABLE bookings DROP CONSTRAINT bookings_status_chk`);
    await queryRunner.query(`
      ALTER TABLE bookings ADD CONSTRAINT bookings_status_chk CHECK (
        (status = 'ACTIVE' AND cancelled_at IS NULL AND released_at IS NULL)
        OR (status = 'CANCELLED' AND cancelled_at IS NOT NULL AND released_at IS NULL)
        OR (status = 'RELEASED' AND released_at IS NOT NULL AND cancelled_at IS NULL
            AND checked_in_at IS NULL))`);
    await queryRunner.query(`
      ALTER TABLE bookings ADD CONSTRAINT bookings_checked_in_chk
        CHECK ((checked_in_at IS NULL) = (checked_in_by IS NULL))`);
    await queryRunner.query(`
      CREATE INDEX bookings_series_idx ON bookings (series_id) WHERE series_id IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM bookings WHERE status = 'RELEASED'`);
    await queryRunner.query(`DROP INDEX bookings_series_idx`);
    await queryRunner.query(`ALTER TABLE bookings DROP CONSTRAINT bookings_checked_in_chk`);
    await queryRunner.query(`ALTER TABLE bookings DROP CONSTRAINT bookings_status_chk`);
    await queryRunner.query(`
      ALTER TABLE bookings ADD CONSTRAINT bookings_status_chk CHECK (
        (status = 'ACTIVE' AND cancelled_at IS NULL) OR (status = 'CANCELLED' AND cancelled_at IS NOT NULL))`);
    await queryRunner.query(`
      ALTER TABLE bookings DROP COLUMN series_id, DROP COLUMN checked_in_at,
        DROP COLUMN checked_in_by, DROP COLUMN released_at`);
  }
}
