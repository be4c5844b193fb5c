import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthService, Public } from '@app/auth';
import { DomainError } from '@app/core';
import { ApiErrors, ProblemResponse } from '../http/api-errors.decorator';
import { AccountResponse, RegisterResponse, TokenPairResponse } from './auth.responses';
import { RegisterRequest } from './register.request';
import { TokenRequest } from './token.request';

@ApiTags('auth')
@ApiExtraModels(ProblemResponse)
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('v1/register')
  @ApiOperation({ summary: 'Create an account and its member profile; returns tokens' })
  @ApiCreatedResponse({ type: RegisterResponse })
  @ApiErrors(400, 409, 429)
  async register(@Body() body: RegisterRequest): Promise<RegisterResponse> {
    if (body.password !== body.password_confirm) {
      throw new DomainError('VALIDATION_FAILED', "Password fields didn't match", [
        { field: 'password_confirm', message: "Password fields didn't match" },
      ]);
    }
    const created = await this.auth.register({
      username: body.username,
      email: body.email,
      password: body.password,
      name: body.name.trim(),
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
  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in: username and password for an access and a refresh token' })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(400, 401, 429)
  login(@Body() body: TokenRequest): Promise<TokenPairResponse> {
    return this.auth.login(body.username, body.password);
  }
}
