import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/core';
import { NotificationListener, listenForNotifications } from '@app/database';
import type { AuthUser } from './auth-user';
import { LiveAccountRepository } from './live-account.repository';

/** Sent on commit by the triggers of migration AccountChangeNotify, with the account id. */
export const ACCOUNT_CHANGED_CHANNEL = 'account_changed';
/**
 * How long a process trusts an answer while it is not hearing ACCOUNT_CHANGED_CHANNEL (start-up,
 * database restart): the worst-case window for a deleted, deactivated or demoted account.
 */
export const LIVE_ACCOUNT_TTL_MS = 1000;
/** While listening, changes arrive as notifications; the TTL is only a safety net. */
export const LISTENING_TTL_MS = 60_000;
const MAX_CACHED_ACCOUNTS = 10_000;

interface CachedAccount {
  account: AuthUser | null;
  loadedAt: number;
}

/**
 * Is the account behind an access token still live, and with which role? Asked on every
 * authenticated request, so answers are cached per process, and every change to an account is
 * pushed to every process by PostgreSQL (LISTEN/NOTIFY), which drops the cached answer at once.
 * Concurrent lookups of one account share a single query.
 */
@Injectable()
export class LiveAccountsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly cache = new Map<number, CachedAccount>();
  private readonly pending = new Map<number, Promise<AuthUser | null>>();
  /** Bumped on every invalidation: a lookup that started before one must not be cached. */
  private epoch = 0;
  private listener: NotificationListener | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: LiveAccountRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.listener = listenForNotifications({
      // A direct URL when DATABASE_URL goes through a pooler that cannot hold a LISTEN.
      url: this.config.databaseListenUrl ?? (this.dataSource.options as { url?: string }).url ?? '',
      channel: ACCOUNT_CHANGED_CHANNEL,
      onNotification: (payload) => this.forget(Number(payload)),
      // Whatever changed while nobody listened was not heard: start again from the database.
      onListening: () => this.forgetAll(),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.stop();
  }

  /** True while account changes reach this process as they commit. */
  get listening(): boolean {
    return this.listener?.listening ?? false;
  }

  /** The live account with its current username and role, or null if it may no longer act. */
  find(id: number): Promise<AuthUser | null> {
    const cached = this.cache.get(id);
    const ttl = this.listening ? LISTENING_TTL_MS : LIVE_ACCOUNT_TTL_MS;
    if (cached && Date.now() - cached.loadedAt < ttl) return Promise.resolve(cached.account);
    const shared = this.pending.get(id);
    if (shared) return shared;
    const lookup = this.load(id).finally(() => {
      if (this.pending.get(id) === lookup) this.pending.delete(id);
    });
    this.pending.set(id, lookup);
    return lookup;
  }

  /** Drops what this process knows of one account (it changed, or a token was just issued). */
  forget(id: number): void {
    this.epoch++;
    this.cache.delete(id);
    this.pending.delete(id);
  }

  private forgetAll(): void {
    this.epoch++;
    this.cache.clear();
    this.pending.clear();
  }

  private async load(id: number): Promise<AuthUser | null> {
    const epoch = this.epoch;
    const loadedAt = Date.now();
    const account = await this.accounts.findLive(id);
    if (epoch === this.epoch) this.remember(id, { account, loadedAt });
    return account;
  }

  private remember(id: number, entry: CachedAccount): void {
    if (this.cache.size >= MAX_CACHED_ACCOUNTS) {
      const oldest = Date.now() - LISTENING_TTL_MS;
      for (const [key, cached] of this.cache) if (cached.loadedAt <= oldest) this.cache.delete(key);
      if (this.cache.size >= MAX_CACHED_ACCOUNTS) this.cache.clear();
    }
    this.cache.set(id, entry);
  }
}
