import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CLOCK, Clock, DomainError } from '@app/core';
import { AuditTrail } from '@app/audit';
import { isUniqueViolation, runInTransaction } from '@app/database';
import { ACCOUNTS_EMAIL_UQ, ACCOUNTS_USERNAME_UQ } from './constraints';
import { Role } from './entities/account.entity';
import { MemberRow, MembersRepository } from './members.repository';
import { MemberFields } from './members.service';
import { hashPassword } from './password';
import { passwordProblems } from './password.policy';
import { EmailTaken, UsernameTaken, WeakPassword } from './users.errors';

/** How long a set-password link works. */
export const SET_PASSWORD_TTL_MS = 72 * 3600 * 1000;

export interface NewLogin {
  username: string;
  email: string;
  /** Absent: the member sets one through a one-time link. */
  password?: string;
  role: Role;
}

export interface LoginView {
  username: string;
  email: string;
  role: Role;
  isActive: boolean;
}

export interface CreatedLogin {
  member: MemberRow;
  login: LoginView;
  /** The one-time set-password token (only its hash is stored); null when a password was given. */
  setPassword: { token: string; expiresAt: Date } | null;
}

export class InvalidSetPasswordToken extends DomainError {
  constructor() {
    super('INVALID_SET_PASSWORD_TOKEN', 'This set-password link is unknown, used or expired', [
      { field: 'token', message: 'token is unknown, used or expired' },
    ]);
  }
}

export const tokenHash = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

/** 32 random bytes, base64url: 43 characters. */
const SET_PASSWORD_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Logins that admins hand out: created with or without a password, and first passwords set. */
@Injectable()
export class LoginsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly members: MembersRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * A member with an account, in one transaction. Without a password the account gets an
   * unguessable one nobody knows (so login stays equally slow for it) and a one-time link.
   */
  async createMemberWithLogin(
    actorId: number,
    fields: MemberFields,
    login: NewLogin,
  ): Promise<CreatedLogin> {
    if (login.password !== undefined) {
      const problems = passwordProblems(login.password, login.username);
      if (problems.length > 0) throw new WeakPassword(problems);
    }
    const passwordHash = await hashPassword(
      login.password ?? randomBytes(32).toString('base64url'),
    );
    const token = login.password === undefined ? randomBytes(32).toString('base64url') : null;
    const expiresAt = new Date(this.clock.now().getTime() + SET_PASSWORD_TTL_MS);
    try {
      return await runInTransaction(this.dataSource, async ({ manager }) => {
        const member = await this.members.insert(manager, fields);
        await manager.query(
          `INSERT INTO accounts (id, username, email, password_hash, role) VALUES ($1, $2, $3, $4, $5)`,
          [member.id, login.username, login.email, passwordHash, login.role],
        );
        if (token) {
          await manager.query(
            `INSERT INTO password_set_tokens (token_hash, account_id, expires_at) VALUES ($1, $2, $3)`,
            [tokenHash(token), member.id, expiresAt],
          );
        }
        await AuditTrail.record(manager, {
          actorId,
          action: 'member.created',
          entity: 'member',
          entityId: member.id,
          data: {
            name: member.name,
            age: member.age,
            gender: member.gender,
            login: true,
            username: login.username,
            email: login.email,
            role: login.role,
            set_password_link: token !== null,
          },
        });
        return {
          member,
          login: { username: login.username, email: login.email, role: login.role, isActive: true },
          setPassword: token ? { token, expiresAt } : null,
        };
      });
    } catch (error) {
      if (isUniqueViolation(error, ACCOUNTS_USERNAME_UQ)) throw new UsernameTaken();
      if (isUniqueViolation(error, ACCOUNTS_EMAIL_UQ)) throw new EmailTaken();
      throw error;
    }
  }

  /**
   * Uses up a set-password token inside the caller's transaction (its row locked, so of two
   * uses one wins) and sets the password. Answers the account id.
   */
  async consumeSetPasswordToken(
    manager: EntityManager,
    token: string,
    passwordHash: string,
  ): Promise<number> {
    if (!SET_PASSWORD_TOKEN.test(token)) throw new InvalidSetPasswordToken();
    const rows: { account_id: number; expires_at: Date; used_at: Date | null }[] =
      await manager.query(
        `SELECT t.account_id, t.expires_at, t.used_at
           FROM password_set_tokens t
           JOIN accounts a ON a.id = t.account_id AND a.is_active
           JOIN members m ON m.id = a.id AND m.deleted_at IS NULL
          WHERE t.token_hash = $1 FOR UPDATE OF t`,
        [tokenHash(token)],
      );
    const row = rows[0];
    if (!row || row.used_at || row.expires_at.getTime() <= this.clock.now().getTime()) {
      throw new InvalidSetPasswordToken();
    }
    await manager.query(`UPDATE password_set_tokens SET used_at = $2 WHERE token_hash = $1`, [
      tokenHash(token),
      this.clock.now(),
    ]);
    await manager.query(`UPDATE accounts SET password_hash = $2 WHERE id = $1`, [
      row.account_id,
      passwordHash,
    ]);
    // The token's holder is the account itself.
    await AuditTrail.record(manager, {
      actorId: row.account_id,
      action: 'member.password_set',
      entity: 'member',
      entityId: row.account_id,
      data: { via: 'set_password_link' },
    });
    return row.account_id;
  }

  /** The username a token's account has, for the password policy; null if the token is no good. */
  async usernameOfToken(token: string): Promise<string | null> {
    if (!SET_PASSWORD_TOKEN.test(token)) return null;
    const rows: { username: string }[] = await this.dataSource.query(
      `SELECT a.username FROM password_set_tokens t JOIN accounts a ON a.id = t.account_id
        WHERE t.token_hash = $1`,
      [tokenHash(token)],
    );
    return rows[0]?.username ?? null;
  }
}
