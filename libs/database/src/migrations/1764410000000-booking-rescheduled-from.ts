import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A booking made by moving another names it. booking_id is what clients see and it is unique,
 * so the link is to it (no join to answer). A booking is moved at most once: the move cancels
 * it, and the partial unique index says so too (and serves the foreign key).
 */
export class BookingRescheduledFrom1764410000000 implements MigrationInterface {
  name = 'BookingRescheduledFrom1764410000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE bookings ADD COLUMN rescheduled_from varchar(40)
        CONSTRAINT bookings_rescheduled_from_fk REFERENCES bookings (booking_id)`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX bookings_rescheduled_from_uq ON bookings (rescheduled_from)
        WHERE rescheduled_from IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX bookings_rescheduled_from_uq`);
    await queryRunner.query(`ALTER TABLE bookings DROP COLUMN rescheduled_from`);
  }
}
