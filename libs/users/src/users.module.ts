import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Account } from './entities/account.entity';
import { Member } from './entities/member.entity';
import { AdminAccountsService } from './admin-accounts.service';
import { PasswordSetToken } from './entities/password-set-token.entity';
import { LoginsService } from './logins.service';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';
import { UsersService } from './users.service';

export const userEntities = [Member, Account, PasswordSetToken];

@Module({
  imports: [TypeOrmModule.forFeature(userEntities)],
  providers: [UsersService, AdminAccountsService, MembersService, MembersRepository, LoginsService],
  exports: [UsersService, AdminAccountsService, MembersService, LoginsService],
})
export class UsersModule {}
