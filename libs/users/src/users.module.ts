import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Account } from './entities/account.entity';
import { Member } from './entities/member.entity';

export const userEntities = [Member, Account];

@Module({
  imports: [TypeOrmModule.forFeature(userEntities)],
  providers: [],
  exports: [],
})
export class UsersModule {}
