import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calendars: every booking gets a revision that the database itself bumps on any change to the
 * booking row (cancel, release, check-in, move, whatever the code path) or to a participant's
 * row (leaving), so the iCalendar SEQUENCE rises without each use case remembering to. And one
 * subscription feed per account, kept only as the SHA-256 of its secret token.
 */
export class CalendarFeeds1764480000000 implements MigrationInterface {
  name = 'CalendarFeeds1764480000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE bookings ADD COLUMN revision integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`
      CREATE FUNCTION bookings_bump_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.revision := OLD.revision + 1;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER bookings_revision_bump BEFORE UPDATE ON bookings
        FOR EACH ROW EXECUTE FUNCTION bookings_bump_revision()`);
    await queryRunner.query(`
      CREATE FUNCTION booking_participants_bump_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE bookings SET revision = revision + 1 WHERE id = NEW.booking_id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER booking_participants_revision_bump AFTER UPDATE ON booking_participants
        FOR EACH ROW
        WHEN (OLD.left_at IS DISTINCT FROM NEW.left_at
              OR OLD.seat_number IS DISTINCT FROM NEW.seat_number)
        EXECUTE FUNCTION booking_participants_bump_revision()`);
    await queryRunner.query(`
      CREATE TABLE calendar_feeds (
        account_id integer CONSTRAINT calendar_feeds_pk PRIMARY KEY
          CONSTRAINT calendar_feeds_account_fk REFERENCES accounts (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX calendar_feeds_token_hash_uq ON calendar_feeds (token_hash)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE calendar_feeds`);
    await queryRunner.query(
      `DROP TRIGGER booking_participants_revision_bump ON booking_participants`,
    );
    await queryRunner.query(`DROP FUNCTION booking_participants_bump_revision()`);
    await queryRunner.query(`DROP TRIGGER bookings_revision_bump ON bookings`);
    await queryRunner.query(`DROP FUNCTION bookings_bump_revision()`);
    await queryRunner.query(`ALTER TABLE bookings DROP COLUMN revision`);
  }
}
