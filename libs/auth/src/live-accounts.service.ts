import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from './auth-user';
import { LiveAccountRepository } from './live-account.repository';

/**
 * How long one process trusts its last answer about an account. A deactivated, deleted or
 * demoted account is locked out (or loses admin rights) within this window on every process.
 */
export const LIVE_ACCOUNT_TTL_MS = 1000;
const MAX_CACHED_ACCOUNTS = 10_000;

interface CachedAccount {
  account: AuthUser | null;
  expiresAt: number;
}

/**
 * Is the account behind an access token still live, and with which role? Asked on every
 * authenticated request, so answers are cached per process for LIVE_ACCOUNT_TTL_MS and
 * concurrent lookups of one account share a single query.
 */
@Injectable()
export class LiveAccountsService {
  private readonly cache = new Map<number, CachedAccount>();
  private readonly pending = new Map<number, Promise<AuthUser | null>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: LiveAccountRepository,
  ) {}

  /** The live account with its current username and role, or null if it may no longer act. */
  find(id: number): Promise<AuthUser | null> {
    const cached = this.cache.get(id);
    if (cached && cached.expiresAt > Date.now()) return Promise.resolve(cached.account);
    let lookup = this.pending.get(id);
    if (!lookup) {
      lookup = this.load(id);
      this.pending.set(id, lookup);
    }
    return lookup;
  }

  /** Drops this process's cached answer, e.g. when a token has just been issued from a fresh read. */
  forget(id: number): void {
    this.cache.delete(id);
  }

  private async load(id: number): Promise<AuthUser | null> {
    try {
      const account = await this.accounts.findLive(this.dataSource.manager, id);
      this.remember(id, account);
      return account;
    } finally {
      this.pending.delete(id);
    }
  }

  private remember(id: number, account: AuthUser | null): void {
    if (this.cache.size >= MAX_CACHED_ACCOUNTS) {
      const now = Date.now();
      for (const [key, entry] of this.cache) if (entry.expiresAt <= now) this.cache.delete(key);
      if (this.cache.size >= MAX_CACHED_ACCOUNTS) this.cache.clear();
    }
    this.cache.set(id, { account, expiresAt: Date.now() + LIVE_ACCOUNT_TTL_MS });
  }
}
