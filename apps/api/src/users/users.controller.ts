import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthService, AuthUser, CurrentUser, Roles } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/core';
import { LoginsService, MembersService } from '@app/users';
import { ApiErrors, ERRORS } from '../http/api-errors.decorator';
import { IdParam } from '../http/id.param';
import { AdminCreateMemberRequest, AdminUpdateMemberRequest } from './member.request';
import {
  CreatedMemberWithLoginResponse,
  LoginResponse,
  MemberResponse,
  MemberWithLoginResponse,
} from './member.response';
import { MemberSummaryResponse } from './member-summary.response';
import {
  memberSeenBy,
  VISIBLE_MEMBER_SCHEMA,
  VisibleMemberResponse,
} from './visible-member.response';
import { ApiPageQuery, PageMetaResponse, Paginated } from '../http/pagination';
import { idCursor, PageCursors } from '../http/page-cursors';

const MEMBERS_CURSOR = idCursor('users');

class MemberPageResponse extends PageMetaResponse {
  @ApiProperty({
    description: 'Full member JSON for admins and for the caller; id, name, is_child otherwise',
    type: 'array',
    items: VISIBLE_MEMBER_SCHEMA,
  })
  results!: VisibleMemberResponse[];
}

@ApiTags('users')
@ApiBearerAuth()
@ApiExtraModels(MemberResponse, MemberSummaryResponse)
@Controller('v1/users')
export class UsersController {
  constructor(
    private readonly members: MembersService,
    private readonly logins: LoginsService,
    private readonly auth: AuthService,
    private readonly cursors: PageCursors,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List members (paginated)',
    description:
      'Admins see every full profile. Other users see id, name and is_child of other members ' +
      'and their own full profile.',
  })
  @ApiPageQuery()
  @ApiOkResponse({ type: MemberPageResponse })
  @ApiErrors(ERRORS.auth, ERRORS.input, 'PAGE_NOT_FOUND')
  async list(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Query('page') page?: unknown,
    @Query('page_size') pageSize?: unknown,
    @Query('cursor') cursor?: unknown,
  ): Promise<Paginated<VisibleMemberResponse>> {
    const pageRequest = this.cursors.read(MEMBERS_CURSOR, { page, page_size: pageSize, cursor });
    const found = await this.members.listMembers(pageRequest);
    return this.cursors.answer(MEMBERS_CURSOR, request, pageRequest, found, (member) =>
      memberSeenBy(user, member),
    );
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Create a member (admin): a profile, and with username and email a login',
    description:
      'Without username/email: a profile-only member (walk-in, child), answered as member JSON. ' +
      'With them: also a login (role default user), answered with `login`; without a password ' +
      'the answer carries `set_password_url`, a one-time link valid 72 h.',
  })
  @ApiExtraModels(CreatedMemberWithLoginResponse)
  @ApiCreatedResponse({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(MemberResponse) },
        { $ref: getSchemaPath(CreatedMemberWithLoginResponse) },
      ],
    },
  })
  @ApiErrors(
    ERRORS.auth,
    ERRORS.admin,
    ERRORS.input,
    'WEAK_PASSWORD',
    'USERNAME_TAKEN',
    'EMAIL_TAKEN',
  )
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: AdminCreateMemberRequest,
  ): Promise<MemberResponse | CreatedMemberWithLoginResponse> {
    const profile = { name: body.name, age: body.age, gender: body.gender };
    if (body.username === undefined || body.email === undefined) {
      return MemberResponse.from(await this.members.createMember(user.id, profile));
    }
    const created = await this.logins.createMemberWithLogin(user.id, profile, {
      username: body.username,
      email: body.email,
      password: body.password,
      role: body.role ?? 'user',
    });
    return {
      ...MemberResponse.from(created.member),
      login: LoginResponse.from(created.login),
      set_password_url: created.setPassword
        ? `${this.config.publicUrl}/set-password?token=${created.setPassword.token}`
        : null,
    };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One member: admins any, users only themselves',
    description: "Another member's id answers 404, like an unknown one.",
  })
  @ApiOkResponse({ type: MemberResponse })
  @ApiErrors(ERRORS.auth, ERRORS.input, 'MEMBER_NOT_FOUND', 'NOT_FOUND')
  async get(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<MemberResponse> {
    return MemberResponse.from(await this.members.getMember(user, id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Edit name, age, gender, home_site, and a login's role or is_active (admin)",
    description:
      'Other fields are a 400. A change of role or is_active answers with `login` too and ' +
      "takes effect on that account's next request, in every process. Demoting or " +
      'deactivating the last active admin: 409 LAST_ADMIN. A member who is not an admin may ' +
      'set only their own `home_site` (any other field or member: 403).',
  })
  @ApiBody({
    type: AdminUpdateMemberRequest,
    examples: {
      profile: {
        summary: 'Profile fields (any member; role and is_active need a member with a login)',
        value: { name: 'Grace Hopper', age: 37 },
      },
      home_site: { summary: 'The home site (null clears it)', value: { home_site: 'HQ' } },
    },
  })
  @ApiExtraModels(MemberWithLoginResponse)
  @ApiOkResponse({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(MemberResponse) },
        { $ref: getSchemaPath(MemberWithLoginResponse) },
      ],
    },
  })
  @ApiErrors(
    ERRORS.auth,
    ERRORS.admin,
    ERRORS.input,
    'MEMBER_NOT_FOUND',
    'NOT_FOUND',
    'LAST_ADMIN',
    ERRORS.database,
  )
  async update(
    @CurrentUser() user: AuthUser,
    @IdParam() id: number,
    @Body() body: AdminUpdateMemberRequest,
  ): Promise<MemberResponse | MemberWithLoginResponse> {
    const { role, is_active: isActive, home_site: homeSite, ...fields } = body;
    const { member, login } = await this.members.editMember(user, id, {
      ...fields,
      homeSite,
      role,
      isActive,
    });
    if (!login) return MemberResponse.from(member);
    this.auth.accountChanged(id);
    return { ...MemberResponse.from(member), login: LoginResponse.from(login) };
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Soft-delete a member (admin)',
    description:
      'The member disappears from lists and teams and can no longer log in; past bookings keep ' +
      'referring to it. Refused with 409 MEMBER_IN_USE while the member takes part in an ' +
      'active booking that has not ended, and with 409 LAST_ADMIN for the last active admin.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(
    ERRORS.auth,
    ERRORS.admin,
    ERRORS.input,
    'MEMBER_NOT_FOUND',
    'NOT_FOUND',
    'MEMBER_IN_USE',
    'LAST_ADMIN',
    ERRORS.database,
  )
  async remove(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<void> {
    await this.members.deleteMember(user.id, id);
    this.auth.accountChanged(id);
  }
}
