import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Server-side refresh tokens, in rotation families (one family per login).
 * A token is stored by its `jti` with the SHA-256 of the whole token, never the token itself.
 * Rotating marks the old row `used_at`; presenting a used or revoked token revokes the family.
 */
export class RefreshTokens1764100000000 implements MigrationInterface {
  name = 'RefreshTokens1764100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        jti uuid CONSTRAINT refresh_tokens_pk PRIMARY KEY,
        family_id uuid NOT NULL,
        account_id integer NOT NULL
          CONSTRAINT refresh_tokens_account_fk REFERENCES accounts (id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await queryRunner.query(
      `CREATE INDEX refresh_tokens_account_idx ON refresh_tokens (account_id)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE refresh_tokens`);
  }
}
