import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface IssuedRefreshToken {
  jti: string;
  familyId: string;
  accountId: number;
  tokenHash: string;
  expiresAt: Date;
}

export interface StoredRefreshToken {
  jti: string;
  familyId: string;
  accountId: number;
  tokenHash: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

/** SQL for refresh_tokens; every method runs on the caller's EntityManager. */
@Injectable()
export class RefreshTokenRepository {
  async insert(manager: EntityManager, token: IssuedRefreshToken): Promise<void> {
    await manager.query(
      `INSERT INTO refresh_tokens (jti, family_id, account_id, token_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [token.jti, token.familyId, token.accountId, token.tokenHash, token.expiresAt],
    );
  }

  /** The row, locked FOR UPDATE so concurrent rotations of one token run one after another. */
  async lockByJti(manager: EntityManager, jti: string): Promise<StoredRefreshToken | null> {
    const rows: Array<{
      jti: string;
      family_id: string;
      account_id: number;
      token_hash: string;
      expires_at: Date;
      used_at: Date | null;
      revoked_at: Date | null;
    }> = await manager.query(
      `SELECT jti, family_id, account_id, token_hash, expires_at, used_at, revoked_at
         FROM refresh_tokens WHERE jti = $1 FOR UPDATE`,
      [jti],
    );
    const row = rows[0];
    return row
      ? {
          jti: row.jti,
          familyId: row.family_id,
          accountId: row.account_id,
          tokenHash: row.token_hash,
          expiresAt: row.expires_at,
          usedAt: row.used_at,
          revokedAt: row.revoked_at,
        }
      : null;
  }

  /** Housekeeping at login: an account's expired tokens can never be presented again. */
  async deleteExpired(manager: EntityManager, accountId: number): Promise<void> {
    await manager.query(
      `DELETE FROM refresh_tokens WHERE account_id = $1 AND expires_at < now() - interval '1 day'`,
      [accountId],
    );
  }

  async markUsed(manager: EntityManager, jti: string): Promise<void> {
    await manager.query(`UPDATE refresh_tokens SET used_at = now() WHERE jti = $1`, [jti]);
  }

  /** Revokes every live token of the account but those of the family `keep` (if given). */
  async revokeAllFamiliesBut(
    manager: EntityManager,
    accountId: number,
    keep: string | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE account_id = $1 AND revoked_at IS NULL AND family_id IS DISTINCT FROM $2::uuid`,
      [accountId, keep],
    );
  }

  /** Revokes every live token of a family; returns how many were still live. */
  async revokeFamily(manager: EntityManager, familyId: string, accountId: number): Promise<number> {
    const [, affected]: [unknown, number] = await manager.query(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE family_id = $1 AND account_id = $2 AND revoked_at IS NULL`,
      [familyId, accountId],
    );
    return affected;
  }
}
