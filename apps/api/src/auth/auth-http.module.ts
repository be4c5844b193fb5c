import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule, JwtAuthGuard, RolesGuard } from '@app/auth';
import { AuthController } from './auth.controller';
import { AuthRateLimitModule } from './rate-limit.module';

@Module({
  imports: [AuthModule, AuthRateLimitModule],
  controllers: [AuthController],
  providers: [
    // Deny by default: authentication first, then roles.
    { provide: APP_GUARD, useExisting: JwtAuthGuard },
    { provide: APP_GUARD, useExisting: RolesGuard },
  ],
})
export class AuthHttpModule {}
