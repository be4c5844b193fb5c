import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AuthService, AuthUser, CurrentUser, Public } from '@app/auth';
import { ApiErrors, ERRORS } from '../http/api-errors.decorator';
import {
  AccountResponse,
  LogoutResponse,
  PasswordResponse,
  RegisterResponse,
  TokenPairResponse,
} from './auth.responses';
import { ChangePasswordRequest, SetPasswordRequest } from './password.request';
import { RegisterRequest } from './register.request';
import { RefreshRequest, TokenRequest } from './token.request';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('v1/register')
  @ApiOperation({ summary: 'Create an account and its member profile; returns tokens' })
  @ApiCreatedResponse({ type: RegisterResponse })
  @ApiErrors(
    ERRORS.input,
    'WEAK_PASSWORD',
    'USERNAME_TAKEN',
    'EMAIL_TAKEN',
    'REGISTRATION_CLOSED',
    ERRORS.rateLimited,
  )
  async register(@Body() body: RegisterRequest): Promise<RegisterResponse> {
    const created = await this.auth.register({
      username: body.username,
      email: body.email,
      password: body.password,
      name: body.name,
      age: body.age,
      gender: body.gender,
    });
    return {
      message: 'Registration successful!',
      user: AccountResponse.from(created),
      access: created.access,
      refresh: created.refresh,
    };
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in: username and password for an access and a refresh token',
    description:
      'Starts a new refresh-token family (one per login). After LOGIN_FAILURE_LIMIT (5) failed ' +
      'logins in a row for a username, from any client, each further attempt for it (the right ' +
      'password included) is answered 429 TOO_MANY_ATTEMPTS with Retry-After until 1 s, 2 s, ' +
      '4 s ... (at most LOGIN_BACKOFF_MAX, 5 min) have passed since the last failure. A ' +
      'successful login resets the count.',
  })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(ERRORS.input, 'INVALID_CREDENTIALS', ERRORS.rateLimited, 'TOO_MANY_ATTEMPTS')
  login(@Body() body: TokenRequest): Promise<TokenPairResponse> {
    return this.auth.login(body.username, body.password);
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('token/refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate a refresh token: returns a new access and refresh token',
    description:
      'The presented refresh token is used up. Presenting a used or revoked refresh token ' +
      'again answers 401 REFRESH_TOKEN_REUSED and revokes every token of its family.',
  })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(ERRORS.input, 'INVALID_TOKEN', 'REFRESH_TOKEN_REUSED', ERRORS.rateLimited)
  refresh(@Body() body: RefreshRequest): Promise<TokenPairResponse> {
    return this.auth.refresh(body.refresh);
  }

  @Post('token/logout')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Log out: revoke a refresh token and its whole family',
    description:
      'Needs the access token of the same account (a refresh token of another account is a ' +
      '403). Idempotent. Access tokens already issued stay valid until they expire.',
  })
  @ApiOkResponse({ type: LogoutResponse })
  @ApiErrors(ERRORS.auth, ERRORS.input, 'FORBIDDEN')
  async logout(
    @CurrentUser() user: AuthUser,
    @Body() body: RefreshRequest,
  ): Promise<LogoutResponse> {
    await this.auth.logout(user.id, body.refresh);
    return { message: 'Successfully logged out' };
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('v1/password/set')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set a first password with the one-time token of a set_password_url',
    description:
      'For members an admin created without a password. The token works once, for 72 h; an ' +
      'unknown, used or expired one is a 400 INVALID_SET_PASSWORD_TOKEN. Then log in as usual.',
  })
  @ApiOkResponse({ type: PasswordResponse })
  @ApiErrors(ERRORS.input, 'WEAK_PASSWORD', 'INVALID_SET_PASSWORD_TOKEN', ERRORS.rateLimited)
  async setPassword(@Body() body: SetPasswordRequest): Promise<PasswordResponse> {
    await this.auth.setPassword(body.token, body.password);
    return { message: 'Password set; you can log in now' };
  }

  @UseGuards(ThrottlerGuard)
  @Post('v1/password/change')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Change the caller's password",
    description:
      'current_password is checked like a login (400 WRONG_PASSWORD; repeated failures are ' +
      'slowed down with 429 TOO_MANY_ATTEMPTS). Every refresh-token family of the account but ' +
      "the caller's session is revoked: other devices must log in again.",
  })
  @ApiOkResponse({ type: PasswordResponse })
  @ApiErrors(
    ERRORS.auth,
    ERRORS.input,
    'WEAK_PASSWORD',
    'WRONG_PASSWORD',
    'TOO_MANY_ATTEMPTS',
    ERRORS.rateLimited,
  )
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() body: ChangePasswordRequest,
  ): Promise<PasswordResponse> {
    await this.auth.changePassword(user, body.current_password, body.new_password);
    return { message: 'Password changed; other sessions were logged out' };
  }
}
