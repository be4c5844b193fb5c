import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { UsersModule } from '@app/users';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { JwtAuthGuard, RolesGuard } from './guards';
import { TokensService } from './tokens.service';

@Module({
  imports: [UsersModule, PassportModule, JwtModule.register({})],
  providers: [AuthService, TokensService, JwtStrategy, JwtAuthGuard, RolesGuard],
  exports: [AuthService, TokensService, JwtAuthGuard, RolesGuard],
})
export class AuthModule {}
