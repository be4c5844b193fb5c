import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '@app/users';
import { AuthService } from './auth.service';
import { LoginFailure } from './entities/login-failure.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { JWT_KEY, jwtKeyProvider } from './jwt-key.provider';
import { JwtAuthGuard, RolesGuard } from './guards';
import { LiveAccountRepository } from './live-account.repository';
import { LiveAccountsService } from './live-accounts.service';
import { LoginBackoffService } from './login-backoff/login-backoff.service';
import { PostgresLoginFailureStore } from './login-backoff/postgres-login-failure.store';
import { RateLimitStoreModule } from './rate-limit/rate-limit-store.module';
import { RefreshTokenRepository } from './refresh-token.repository';
import { TokensService } from './tokens.service';

export const authEntities = [RefreshToken, LoginFailure];

@Module({
  imports: [
    UsersModule,
    JwtModule.register({}),
    TypeOrmModule.forFeature(authEntities),
    RateLimitStoreModule,
  ],
  providers: [
    jwtKeyProvider,
    AuthService,
    TokensService,
    RefreshTokenRepository,
    LiveAccountRepository,
    LiveAccountsService,
    LoginBackoffService,
    PostgresLoginFailureStore,
    JwtAuthGuard,
    RolesGuard,
  ],
  exports: [AuthService, TokensService, JwtAuthGuard, RolesGuard, JWT_KEY],
})
export class AuthModule {}
