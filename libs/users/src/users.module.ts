import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Account } from './entities/account.entity';
import { Member } from './entities/member.entity';
import { AdminAccountsService } from './admin-accounts.service';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';
import { UsersService } from './users.service';

export const userEntities = [Member, Account];

@Module({
  imports: [TypeOrmModule.forFeature(userEntities)],
  providers: [UsersService, AdminAccountsService, MembersService, MembersRepository],
  exports: [UsersService, AdminAccountsService, MembersService],
})
export class UsersModule {}
