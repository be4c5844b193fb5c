import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time links with which a member created by an admin sets a first password. Only the
 * SHA-256 of the token is kept: a database read does not hand out logins.
 */
export class PasswordSetTokens1764490000000 implements MigrationInterface {
  name = 'PasswordSetTokens1764490000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE password_set_tokens (
        token_hash char(64) NOT NULL CONSTRAINT password_set_tokens_pk PRIMARY KEY,
        account_id integer NOT NULL
          CONSTRAINT password_set_tokens_account_fk REFERENCES accounts (id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX password_set_tokens_account_idx ON password_set_tokens (account_id)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE password_set_tokens`);
  }
}
