import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The answer to each request sent with an `Idempotency-Key`, per account, kept 24 h: written in
 * the transaction of the request's effect, so a retry after a lost answer replays it instead of
 * doing the work twice. `body` is the JSON text as sent (jsonb would reorder its keys).
 * No foreign key to accounts: accounts are never deleted (only deactivated), rows expire within
 * a day, and the table stays free of the users concept.
 */
export class IdempotencyKeys1764420000000 implements MigrationInterface {
  name = 'IdempotencyKeys1764420000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        account_id integer NOT NULL,
        key varchar(255) NOT NULL CONSTRAINT idempotency_keys_key_chk CHECK (key ~ '^[ -~]+$'),
        fingerprint char(64) NOT NULL,
        status smallint NOT NULL CONSTRAINT idempotency_keys_status_chk CHECK (status BETWEEN 200 AND 499),
        body text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT idempotency_keys_pk PRIMARY KEY (account_id, key)
      )`);
    await queryRunner.query(
      `CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
  }
}
