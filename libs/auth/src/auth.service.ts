import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@app/audit';
import { APP_CONFIG, AppConfig, DomainError } from '@app/core';
import { runInTransaction } from '@app/database';
import {
  Account,
  AccountWithMember,
  InvalidCredentials,
  InvalidSetPasswordToken,
  LoginsService,
  NewAccount,
  UsersService,
  hashPassword,
  passwordProblems,
  WeakPassword,
} from '@app/users';
import type { AuthUser } from './auth-user';
import { LiveAccountsService } from './live-accounts.service';
import { LoginBackoffService } from './login-backoff/login-backoff.service';
import { InvalidRefreshToken, RefreshTokenNotOwned, RefreshTokenReused } from './auth.errors';
import { RefreshTokenRepository } from './refresh-token.repository';
import { sha256Hex, TokenPair, TokensService } from './tokens.service';

/** Enough of a username to recognise it; a password typed into the field is not kept whole. */
const MAX_AUDITED_USERNAME = 64;

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
    private readonly logins: LoginsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(input: NewAccount): Promise<AccountWithMember & TokenPair> {
    this.assertMayRegister(input.email);
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
    let account: Account;
    try {
      account = await this.users.checkPassword(found, password);
    } catch (error) {
      if (error instanceof InvalidCredentials) await this.auditFailedLogin(found, username);
      throw error;
    }
    await attempt.succeeded();
    return this.startSession(account);
  }

  /**
   * A failed login has no transaction to roll back: its audit row is a statement of its own.
   * The username as typed (cut short), never the password.
   */
  private async auditFailedLogin(found: Account | null, username: string): Promise<void> {
    await AuditTrail.record(this.dataSource.manager, {
      actorId: null,
      action: 'auth.login_failed',
      entity: 'auth',
      entityId: found?.id ?? null,
      data: {
        username: username.slice(0, MAX_AUDITED_USERNAME),
        reason: found ? 'wrong_password' : 'unknown_or_inactive_account',
      },
    });
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
          pair: { access: this.accessTokenFor(account, stored.familyId), refresh: next.token },
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

  /**
   * Changes the caller's password after checking the current one (counted like a login, so it
   * cannot be guessed faster), and revokes every other session's refresh tokens.
   */
  async changePassword(caller: AuthUser, current: string, next: string): Promise<void> {
    const account = await this.users.findLoginAccount(caller.username);
    const attempt = await this.loginBackoff.startAttempt(account?.username ?? caller.username);
    try {
      await this.users.checkPassword(account?.id === caller.id ? account : null, current);
    } catch {
      throw new DomainError('WRONG_PASSWORD', 'The current password is not right', [
        { field: 'current_password', message: 'current_password is not right' },
      ]);
    }
    await attempt.succeeded();
    const problems = passwordProblems(next, caller.username).map((p) => ({
      ...p,
      field: 'new_password',
    }));
    if (problems.length > 0) throw new WeakPassword(problems);
    const passwordHash = await hashPassword(next);
    await runInTransaction(this.dataSource, async ({ manager }) => {
      await manager.query(`UPDATE accounts SET password_hash = $2 WHERE id = $1`, [
        caller.id,
        passwordHash,
      ]);
      await AuditTrail.record(manager, {
        actorId: caller.id,
        action: 'member.password_changed',
        entity: 'member',
        entityId: caller.id,
      });
      await this.refreshTokens.revokeAllFamiliesBut(manager, caller.id, caller.session ?? null);
    });
  }

  /** Sets a first password with a one-time link; every session the account had ends. */
  async setPassword(token: string, password: string): Promise<void> {
    const username = await this.logins.usernameOfToken(token);
    if (username === null) throw new InvalidSetPasswordToken();
    const problems = passwordProblems(password, username);
    if (problems.length > 0) throw new WeakPassword(problems);
    const passwordHash = await hashPassword(password);
    await runInTransaction(this.dataSource, async ({ manager }) => {
      const accountId = await this.logins.consumeSetPasswordToken(manager, token, passwordHash);
      await this.refreshTokens.revokeAllFamiliesBut(manager, accountId, null);
    });
  }

  /** REGISTRATION: open, closed, or only e-mail addresses of some domains. */
  private assertMayRegister(email: string): void {
    const policy = this.config.registration;
    if (policy.mode === 'open') return;
    if (policy.mode === 'closed') {
      throw new DomainError(
        'REGISTRATION_CLOSED',
        'Registration is closed; ask an admin for an account',
      );
    }
    const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
    if (!policy.domains.includes(domain)) {
      const message = `Registration is open to e-mail addresses of ${policy.domains.join(', ')} only`;
      throw new DomainError('REGISTRATION_CLOSED', message, [{ field: 'email', message }]);
    }
  }

  /**
   * An account's role or state was just committed by this process: its next request here
   * reads it afresh instead of waiting for the change's notification (other processes get that).
   */
  accountChanged(id: number): void {
    this.liveAccounts.forget(id);
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
    return { access: this.accessTokenFor(account, refresh.familyId), refresh: refresh.token };
  }

  /**
   * The account was just read from the database: what this process cached about it may be
   * older (a change whose notification has not arrived yet), so the new token starts fresh.
   */
  private accessTokenFor(
    account: Pick<Account, 'id' | 'username' | 'role'>,
    familyId: string,
  ): string {
    this.liveAccounts.forget(account.id);
    return this.tokens.signAccess(account, familyId);
  }
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
