import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '@app/users';
import { AuthService } from './auth.service';
import { RefreshToken } from './entities/refresh-token.entity';
import { jwtKeyProvider } from './jwt-key.provider';
import { JwtStrategy } from './jwt.strategy';
import { JwtAuthGuard, RolesGuard } from './guards';
import { LiveAccountRepository } from './live-account.repository';
import { LiveAccountsService } from './live-accounts.service';
import { RefreshTokenRepository } from './refresh-token.repository';
import { TokensService } from './tokens.service';

export const authEntities = [RefreshToken];

@Module({
  imports: [
    UsersModule,
    PassportModule,
    JwtModule.register({}),
    TypeOrmModule.forFeature(authEntities),
  ],
  providers: [
    jwtKeyProvider,
    AuthService,
    TokensService,
    RefreshTokenRepository,
    LiveAccountRepository,
    LiveAccountsService,
    JwtStrategy,
    JwtAuthGuard,
    RolesGuard,
  ],
  exports: [AuthService, TokensService, JwtAuthGuard, RolesGuard],
})
export class AuthModule {}
