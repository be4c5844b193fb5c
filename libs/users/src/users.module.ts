import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Account } from './entities/account.entity';
import { Member } from './entities/member.entity';
import { AdminAccountsService } from './admin-accounts.service';
import { UsersService } from './users.service';

export const userEntities = [Member, Account];

@Module({
  imports: [TypeOrmModule.forFeature(userEntities)],
  providers: [UsersService, AdminAccountsService],
  exports: [UsersService, AdminAccountsService],
})
export class UsersModule {}
