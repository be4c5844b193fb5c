import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from './auth-user';

/** SQL for the per-request account check; runs on the caller's EntityManager. */
@Injectable()
export class LiveAccountRepository {
  /**
   * The account if it may still act: active and its member not soft-deleted. Two primary-key
   * lookups in one statement (accounts and members share the id).
   */
  async findLive(manager: EntityManager, id: number): Promise<AuthUser | null> {
    const rows: Array<{ username: string; role: AuthUser['role'] }> = await manager.query(
      `SELECT a.username, a.role
         FROM accounts a JOIN members m ON m.id = a.id
        WHERE a.id = $1 AND a.is_active AND m.deleted_at IS NULL`,
      [id],
    );
    const row = rows[0];
    return row ? { id, username: row.username, role: row.role } : null;
  }
}
