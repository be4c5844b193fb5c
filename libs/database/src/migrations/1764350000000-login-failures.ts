import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consecutive failed logins per username, shared by every API process (when there is no
 * Redis): one row per SHA-256 of the lower-cased username, known or not, so a password typed
 * into the username field is never stored. Rows quiet for a day are forgotten and swept.
 */
export class LoginFailures1764350000000 implements MigrationInterface {
  name = 'LoginFailures1764350000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE login_failures (
        username_key char(64) CONSTRAINT login_failures_pk PRIMARY KEY,
        failures integer NOT NULL,
        last_failure_at timestamptz NOT NULL,
        CONSTRAINT login_failures_failures_chk CHECK (failures > 0)
      )`);
    await queryRunner.query(
      `CREATE INDEX login_failures_last_failure_at_idx ON login_failures (last_failure_at)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE login_failures`);
  }
}
