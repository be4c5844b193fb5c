import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pgPool } from '@app/database';
import type { AuthUser } from './auth-user';

const FIND_LIVE_ACCOUNT = `SELECT a.username, a.role
     FROM accounts a JOIN members m ON m.id = a.id
    WHERE a.id = $1 AND a.is_active AND m.deleted_at IS NULL`;

/** SQL for the per-request account check, which runs outside any transaction. */
@Injectable()
export class LiveAccountRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The account if it may still act: active and its member not soft-deleted (two primary-key
   * lookups in one statement). Asked on nearly every request, so it goes straight to the pg
   * pool as a named prepared statement: parsed and planned once per connection, no query
   * runner per call.
   */
  async findLive(id: number): Promise<AuthUser | null> {
    const { rows } = await pgPool(this.dataSource).query<{
      username: string;
      role: AuthUser['role'];
    }>({
      name: 'find_live_account',
      text: FIND_LIVE_ACCOUNT,
      values: [id],
    });
    const row = rows[0];
    return row ? { id, username: row.username, role: row.role } : null;
  }
}
