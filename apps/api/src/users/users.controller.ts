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
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/core';
import { MembersService } from '@app/users';
import { ApiErrors, ERRORS } from '../http/api-errors.decorator';
import { IdParam } from '../http/id.param';
import { CreateMemberRequest, UpdateMemberRequest } from './member.request';
import { MemberResponse } from './member.response';
import { MemberSummaryResponse } from './member-summary.response';
import {
  memberSeenBy,
  VISIBLE_MEMBER_SCHEMA,
  VisibleMemberResponse,
} from './visible-member.response';
import { ApiPageQuery, Paginated, paginated, pageRequestFrom } from '../http/pagination';

class MemberPageResponse {
  @ApiProperty({ example: 42 }) count!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'http://localhost:3000/api/v1/users/?page=2',
  })
  next!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) previous!: string | null;
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
  ): Promise<Paginated<VisibleMemberResponse>> {
    const found = await this.members.listMembers(pageRequestFrom(page, pageSize));
    return paginated(this.config.publicUrl, request, found, (member) => memberSeenBy(user, member));
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a member profile without an account (admin)' })
  @ApiCreatedResponse({ type: MemberResponse })
  @ApiErrors(ERRORS.auth, ERRORS.admin, ERRORS.input)
  async create(@Body() body: CreateMemberRequest): Promise<MemberResponse> {
    return MemberResponse.from(await this.members.createMember(body));
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
  @Roles('admin')
  @ApiOperation({ summary: 'Edit name, age or gender (admin); other fields are a 400' })
  @ApiOkResponse({ type: MemberResponse })
  @ApiErrors(ERRORS.auth, ERRORS.admin, ERRORS.input, 'MEMBER_NOT_FOUND', 'NOT_FOUND')
  async update(@IdParam() id: number, @Body() body: UpdateMemberRequest): Promise<MemberResponse> {
    return MemberResponse.from(await this.members.updateMember(id, body));
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
  async remove(@IdParam() id: number): Promise<void> {
    await this.members.deleteMember(id);
  }
}
