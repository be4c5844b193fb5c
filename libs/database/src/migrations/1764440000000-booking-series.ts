import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recurring series: one row per series (what was asked, by whom), its occurrences being
 * ordinary bookings that carry its id. The id's shape is checked here so no path can store
 * another; bookings.series_id (added by the lifecycle migration) now references it.
 */
export class BookingSeries1764440000000 implements MigrationInterface {
  name = 'BookingSeries1764440000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE booking_series (
        id varchar(32) NOT NULL CONSTRAINT booking_series_pk PRIMARY KEY,
        room_type varchar(20) NOT NULL,
        start_date date NOT NULL,
        start_hour smallint NOT NULL,
        end_hour smallint NOT NULL,
        recurrence jsonb NOT NULL,
        created_by integer NOT NULL CONSTRAINT booking_series_created_by_fk REFERENCES members (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT booking_series_id_chk CHECK (id ~ '^SR[0-9A-Z]{10,30}$'),
        CONSTRAINT booking_series_room_type_chk
          CHECK (room_type IN ('PRIVATE', 'CONFERENCE', 'SHARED_DESK')),
        CONSTRAINT booking_series_hours_chk
          CHECK (start_hour >= 9 AND end_hour <= 18 AND start_hour < end_hour)
      )`);
    await queryRunner.query(
      `CREATE INDEX booking_series_created_by_idx ON booking_series (created_by)`,
    );
    await queryRunner.query(`
      ALTER TABLE bookings ADD CONSTRAINT bookings_series_id_fk
        FOREIGN KEY (series_id) REFERENCES booking_series (id)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE bookings DROP CONSTRAINT bookings_series_id_fk`);
    await queryRunner.query(`DROP TABLE booking_series`);
  }
}
