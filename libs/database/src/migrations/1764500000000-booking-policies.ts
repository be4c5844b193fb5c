import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The workspace's booking policies: one row per scope ('ALL', or a room type), a missing row
 * or a NULL column meaning no limit. The booking transaction reads the whole (tiny) table by
 * primary key with its other statements.
 */
export class BookingPolicies1764500000000 implements MigrationInterface {
  name = 'BookingPolicies1764500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE booking_policies (
        scope varchar(16) NOT NULL CONSTRAINT booking_policies_pk PRIMARY KEY,
        max_hours_per_day smallint,
        max_hours_per_week smallint,
        max_active_bookings integer,
        min_notice_min integer,
        cancel_cutoff_min integer,
        open_weekdays smallint[],
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT booking_policies_scope_chk
          CHECK (scope IN ('ALL', 'PRIVATE', 'CONFERENCE', 'SHARED_DESK')),
        CONSTRAINT booking_policies_limits_chk CHECK (
          max_hours_per_day BETWEEN 0 AND 24 AND max_hours_per_week BETWEEN 0 AND 168
          AND max_active_bookings BETWEEN 0 AND 10000 AND min_notice_min BETWEEN 0 AND 527040
          AND cancel_cutoff_min BETWEEN 0 AND 527040),
        CONSTRAINT booking_policies_open_weekdays_chk
          CHECK (open_weekdays <@ ARRAY[1, 2, 3, 4, 5, 6, 7]::smallint[])
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE booking_policies`);
  }
}
