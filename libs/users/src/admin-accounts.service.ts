import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@app/audit';
import { isUniqueViolation, runInTransaction } from '@app/database';
import { ACCOUNTS_EMAIL_UQ } from './constraints';
import { Account, Role } from './entities/account.entity';
import { Gender } from './entities/member.entity';
import { hashPassword } from './password';
import { passwordProblems } from './password.policy';
import { MembersService } from './members.service';
import { EmailTaken, MemberNotFound, WeakPassword } from './users.errors';
import { UsersService } from './users.service';

export interface AdminSpec {
  username: string;
  email: string;
  /** Required for a new account; for an existing one only used with resetPassword. */
  password?: string;
  /** Overwrite an existing account's password (never done silently). */
  resetPassword?: boolean;
  name?: string;
  age?: number;
  gender?: Gender;
}

/**
 * What `cli create-admin` and `cli set-role` do: create an admin, or promote an existing
 * account (its password kept unless a reset is asked for); change a role.
 */
@Injectable()
export class AdminAccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly members: MembersService,
  ) {}

  /** The account a username names (case-insensitively), if any. */
  findByUsername(username: string): Promise<Account | null> {
    return this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .where('lower(a.username) = lower(:username)', { username })
      .getOne();
  }

  /** Promotes or demotes; the last active admin cannot be demoted (LAST_ADMIN). */
  async setRole(username: string, role: Role): Promise<{ id: number }> {
    const account = await this.findByUsername(username);
    if (!account) throw new MemberNotFound();
    // The CLI runs as nobody: no actor.
    await this.members.updateMemberAndLogin(null, account.id, { role });
    return { id: account.id };
  }

  async createOrPromote(
    spec: AdminSpec,
  ): Promise<{ id: number; created: boolean; passwordReset: boolean }> {
    const existing = await this.findByUsername(spec.username);
    const setsPassword = !existing || spec.resetPassword === true;
    if (setsPassword) {
      if (spec.password === undefined) {
        throw new WeakPassword([{ field: 'password', message: 'a password is required' }]);
      }
      const problems = passwordProblems(spec.password, spec.username);
      if (problems.length > 0) throw new WeakPassword(problems);
    }
    if (!existing) {
      const { account } = await this.users.register(
        {
          username: spec.username,
          email: spec.email,
          password: spec.password as string,
          name: spec.name ?? spec.username,
          age: spec.age ?? 30,
          gender: spec.gender ?? 'O',
          role: 'admin',
        },
        'system',
      );
      return { id: account.id, created: true, passwordReset: false };
    }
    const passwordHash = setsPassword ? await hashPassword(spec.password as string) : undefined;
    try {
      await runInTransaction(this.dataSource, async ({ manager }) => {
        await manager.update(
          Account,
          { id: existing.id },
          {
            role: 'admin',
            isActive: true,
            email: spec.email,
            ...(passwordHash && { passwordHash }),
          },
        );
        await manager.query(`UPDATE members SET deleted_at = NULL WHERE id = $1`, [existing.id]);
        await AuditTrail.record(manager, {
          actorId: null,
          action: 'member.role_changed',
          entity: 'member',
          entityId: existing.id,
          data: {
            before: { role: existing.role, is_active: existing.isActive },
            after: { role: 'admin', is_active: true },
            password_reset: setsPassword,
          },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, ACCOUNTS_EMAIL_UQ)) throw new EmailTaken();
      throw error;
    }
    return { id: existing.id, created: false, passwordReset: setsPassword };
  }
}
