import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runInTransaction } from '@app/database';
import { Account, AccountWithMember, NewAccount, UsersService } from '@app/users';
import { LiveAccountsService } from './live-accounts.service';
import { LoginBackoffService } from './login-backoff/login-backoff.service';
import { InvalidRefreshToken, RefreshTokenNotOwned, RefreshTokenReused } from './auth.errors';
import { RefreshTokenRepository } from './refresh-token.repository';
import { sha256Hex, TokenPair, TokensService } from './tokens.service';

type RotationOutcome =
  { kind: 'rotated'; pair: TokenPair } | { kind: 'reused' } | { kind: 'invalid' };

/**
 * Register, login, refresh and logout. Access tokens are stateless (verified by signature
 * only); refresh tokens live in refresh_tokens, so rotation and revocation hold across
 * every API process.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly liveAccounts: LiveAccountsService,
    private readonly loginBackoff: LoginBackoffService,
  ) {}

  async register(input: NewAccount): Promise<AccountWithMember & TokenPair> {
    const created = await this.users.register({ ...input, role: 'user' });
    return { ...created, ...(await this.startSession(created.account)) };
  }

  /**
   * The attempt is counted against the username before argon2 runs, under the account's own
   * name when there is one (every spelling that signs in to it shares one count).
   */
  async login(username: string, password: string): Promise<TokenPair> {
    const found = await this.users.findLoginAccount(username);
    const attempt = await this.loginBackoff.startAttempt(found?.username ?? username);
    const account = await this.users.checkPassword(found, password);
    await attempt.succeeded();
    return this.startSession(account);
  }

  /**
   * Rotates a refresh token: the presented one is marked used and a new one joins its family.
   * The row is locked FOR UPDATE, so of two concurrent refreshes of one token exactly one
   * rotates; the other sees it used and, like any reuse, revokes the whole family.
   */
  async refresh(token: string): Promise<TokenPair> {
    const claims = this.tokens.verifyRefresh(token);
    if (!claims) throw new InvalidRefreshToken();
    const accountId = Number(claims.sub);
    const account = await this.users.findActiveAccount(accountId);
    const outcome = await runInTransaction(
      this.dataSource,
      async ({ manager }): Promise<RotationOutcome> => {
        const stored = await this.refreshTokens.lockByJti(manager, claims.jti);
        if (
          !stored ||
          stored.accountId !== accountId ||
          stored.familyId !== claims.fam ||
          !sameHash(stored.tokenHash, sha256Hex(token))
        ) {
          return { kind: 'invalid' };
        }
        if (stored.usedAt || stored.revokedAt) {
          await this.refreshTokens.revokeFamily(manager, stored.familyId, accountId);
          return { kind: 'reused' };
        }
        if (!account) {
          // Deactivated or deleted since login: end the session for good.
          await this.refreshTokens.revokeFamily(manager, stored.familyId, accountId);
          return { kind: 'invalid' };
        }
        if (stored.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' };
        await this.refreshTokens.markUsed(manager, stored.jti);
        const next = this.tokens.signRefresh(accountId, stored.familyId);
        await this.refreshTokens.insert(manager, next);
        return {
          kind: 'rotated',
          pair: { access: this.accessTokenFor(account), refresh: next.token },
        };
      },
      { retries: 0 },
    );
    switch (outcome.kind) {
      case 'rotated':
        return outcome.pair;
      case 'reused':
        throw new RefreshTokenReused();
      case 'invalid':
        throw new InvalidRefreshToken();
    }
  }

  /** Revokes the family of a refresh token that belongs to the caller. Idempotent. */
  async logout(callerId: number, token: string): Promise<void> {
    const claims = this.tokens.verifyRefresh(token);
    if (!claims) throw new InvalidRefreshToken();
    if (Number(claims.sub) !== callerId) throw new RefreshTokenNotOwned();
    await this.refreshTokens.revokeFamily(this.dataSource.manager, claims.fam, callerId);
  }

  /** The first token pair of a new refresh family. */
  private async startSession(
    account: Pick<Account, 'id' | 'username' | 'role'>,
  ): Promise<TokenPair> {
    const refresh = this.tokens.signRefresh(account.id);
    await this.refreshTokens.insert(this.dataSource.manager, refresh);
    await this.refreshTokens.deleteExpired(this.dataSource.manager, account.id);
    return { access: this.accessTokenFor(account), refresh: refresh.token };
  }

  /**
   * The account was just read from the database: what this process cached about it may be
   * older (a change whose notification has not arrived yet), so the new token starts fresh.
   */
  private accessTokenFor(account: Pick<Account, 'id' | 'username' | 'role'>): string {
    this.liveAccounts.forget(account.id);
    return this.tokens.signAccess(account);
  }
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
