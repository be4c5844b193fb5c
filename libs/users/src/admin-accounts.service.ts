import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUniqueViolation, runInTransaction } from '@app/database';
import { ACCOUNTS_EMAIL_UQ } from './constraints';
import { Account } from './entities/account.entity';
import { Gender } from './entities/member.entity';
import { hashPassword } from './password';
import { passwordProblems } from './password.policy';
import { EmailTaken, WeakPassword } from './users.errors';
import { UsersService } from './users.service';

export interface AdminSpec {
  username: string;
  email: string;
  password: string;
  name?: string;
  age?: number;
  gender?: Gender;
}

/** What `cli create-admin` does: create an admin, or promote an existing account and reset its password. */
@Injectable()
export class AdminAccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  async createOrPromote(spec: AdminSpec): Promise<{ id: number; created: boolean }> {
    const problems = passwordProblems(spec.password, spec.username);
    if (problems.length > 0) throw new WeakPassword(problems);
    const existing = await this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .where('lower(a.username) = lower(:username)', { username: spec.username })
      .getOne();
    if (!existing) {
      const { account } = await this.users.register({
        username: spec.username,
        email: spec.email,
        password: spec.password,
        name: spec.name ?? spec.username,
        age: spec.age ?? 30,
        gender: spec.gender ?? 'O',
        role: 'admin',
      });
      return { id: account.id, created: true };
    }
    const passwordHash = await hashPassword(spec.password);
    try {
      await runInTransaction(this.dataSource, async ({ manager }) => {
        await manager.update(
          Account,
          { id: existing.id },
          { role: 'admin', passwordHash, isActive: true, email: spec.email },
        );
        await manager.query(`UPDATE members SET deleted_at = NULL WHERE id = $1`, [existing.id]);
      });
    } catch (error) {
      if (isUniqueViolation(error, ACCOUNTS_EMAIL_UQ)) throw new EmailTaken();
      throw error;
    }
    return { id: existing.id, created: false };
  }
}
