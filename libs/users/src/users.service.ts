import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditTrail } from '@app/audit';
import { isUniqueViolation, runInTransaction } from '@app/database';
import { ACCOUNTS_EMAIL_UQ, ACCOUNTS_USERNAME_UQ } from './constraints';
import { Account, Role } from './entities/account.entity';
import { Gender, Member } from './entities/member.entity';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';
import { passwordProblems } from './password.policy';
import { EmailTaken, InvalidCredentials, UsernameTaken, WeakPassword } from './users.errors';

export interface NewMember {
  name: string;
  age: number;
  gender: Gender;
}

export interface NewAccount extends NewMember {
  username: string;
  email: string;
  password: string;
  role?: Role;
}

export interface AccountWithMember {
  account: Account;
  member: Member;
}

@Injectable()
export class UsersService {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates a member and its account (same id). Unique names are decided by the database. */
  /** `by`: the new member themself (the audit row's actor), or the system (the CLI). */
  async register(input: NewAccount, by: 'self' | 'system' = 'self'): Promise<AccountWithMember> {
    const problems = passwordProblems(input.password, input.username);
    if (problems.length > 0) throw new WeakPassword(problems);
    const passwordHash = await hashPassword(input.password); // outside the transaction: ~12 ms of CPU
    try {
      return await runInTransaction(this.dataSource, async ({ manager }) => {
        const member = await this.insertMember(manager, input);
        const account = manager.create(Account, {
          id: member.id,
          username: input.username,
          email: input.email,
          passwordHash,
          role: input.role ?? 'user',
        });
        await manager.insert(Account, account);
        await AuditTrail.record(manager, {
          actorId: by === 'self' ? member.id : null,
          action: 'member.registered',
          entity: 'member',
          entityId: member.id,
          data: {
            name: member.name,
            age: member.age,
            gender: member.gender,
            username: account.username,
            email: account.email,
            role: account.role,
          },
        });
        return { account, member };
      });
    } catch (error) {
      if (isUniqueViolation(error, ACCOUNTS_USERNAME_UQ)) throw new UsernameTaken();
      if (isUniqueViolation(error, ACCOUNTS_EMAIL_UQ)) throw new EmailTaken();
      throw error;
    }
  }

  /** The active account a login names (case-insensitively), with its password hash. */
  findLoginAccount(username: string): Promise<Account | null> {
    return this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .addSelect('a.passwordHash')
      .innerJoin('a.member', 'm', 'm.deleted_at IS NULL')
      .where('lower(a.username) = lower(:username)', { username })
      .andWhere('a.is_active')
      .getOne();
  }

  /** The account if the password is its own, else InvalidCredentials; equally slow either way. */
  async checkPassword(account: Account | null, password: string): Promise<Account> {
    const valid = await verifyPassword(
      account?.passwordHash ?? (await dummyPasswordHash()),
      password,
    );
    if (!account || !valid) throw new InvalidCredentials();
    return account;
  }

  findAccount(id: number): Promise<Account | null> {
    return this.dataSource.getRepository(Account).findOne({ where: { id, isActive: true } });
  }

  /** An account that may still sign in: active, and its member not deleted. */
  findActiveAccount(id: number): Promise<Account | null> {
    return this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .innerJoin('a.member', 'm', 'm.deleted_at IS NULL')
      .where('a.id = :id', { id })
      .andWhere('a.is_active')
      .getOne();
  }

  private async insertMember(manager: EntityManager, input: NewMember): Promise<Member> {
    const member = manager.create(Member, {
      name: input.name,
      age: input.age,
      gender: input.gender,
    });
    return manager.save(Member, member);
  }
}
