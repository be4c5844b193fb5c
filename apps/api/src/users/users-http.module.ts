import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { UsersModule } from '@app/users';
import { UsersController } from './users.controller';

@Module({
  imports: [UsersModule, AuthModule],
  controllers: [UsersController],
})
export class UsersHttpModule {}
