import { Module } from '@nestjs/common';
import { UsersModule } from '@app/users';
import { UsersController } from './users.controller';

@Module({
  imports: [UsersModule],
  controllers: [UsersController],
})
export class UsersHttpModule {}
