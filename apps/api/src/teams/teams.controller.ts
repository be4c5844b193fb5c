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
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/core';
import { TeamsService } from '@app/teams';
import { ApiErrors, ERRORS } from '../http/api-errors.decorator';
import { IdParam } from '../http/id.param';
import {
  ApiPageQuery,
  Paginated,
  paginated,
  PaginatedResponseOf,
  pageRequestFrom,
} from '../http/pagination';
import { CreateTeamRequest, UpdateTeamRequest } from './team.request';
import { TeamResponse } from './team.response';

const TeamPageResponse = PaginatedResponseOf(TeamResponse, 'TeamPageResponse');

@ApiTags('teams')
@ApiBearerAuth()
@Controller('v1/teams')
export class TeamsController {
  constructor(
    private readonly teams: TeamsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Teams (paginated): admins all, users the teams they belong to' })
  @ApiPageQuery()
  @ApiOkResponse({ type: TeamPageResponse })
  @ApiErrors(ERRORS.auth, ERRORS.input, 'PAGE_NOT_FOUND')
  async list(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Query('page') page?: unknown,
    @Query('page_size') pageSize?: unknown,
  ): Promise<Paginated<TeamResponse>> {
    const found = await this.teams.listTeams(user, pageRequestFrom(page, pageSize));
    return paginated(this.config.publicUrl, request, found, (team) => TeamResponse.from(team));
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a team (admin)' })
  @ApiCreatedResponse({ type: TeamResponse })
  @ApiErrors(ERRORS.auth, ERRORS.admin, ERRORS.input, 'UNKNOWN_MEMBERS', 'TEAM_NAME_TAKEN')
  async create(@Body() body: CreateTeamRequest): Promise<TeamResponse> {
    return TeamResponse.from(
      await this.teams.createTeam({ name: body.name, memberIds: body.member_ids }),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One team: admins any, users the teams they belong to',
    description: 'A team the caller is not in answers 404, like an unknown one.',
  })
  @ApiOkResponse({ type: TeamResponse })
  @ApiErrors(ERRORS.auth, ERRORS.input, 'TEAM_NOT_FOUND', 'NOT_FOUND')
  async get(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<TeamResponse> {
    return TeamResponse.from(await this.teams.getTeam(user, id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename a team or replace its members (admin)' })
  @ApiOkResponse({ type: TeamResponse })
  @ApiErrors(
    ERRORS.auth,
    ERRORS.admin,
    ERRORS.input,
    'UNKNOWN_MEMBERS',
    'TEAM_NOT_FOUND',
    'NOT_FOUND',
    'TEAM_NAME_TAKEN',
    ERRORS.database,
  )
  async update(@IdParam() id: number, @Body() body: UpdateTeamRequest): Promise<TeamResponse> {
    return TeamResponse.from(
      await this.teams.updateTeam(id, { name: body.name, memberIds: body.member_ids }),
    );
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Soft-delete a team (admin)',
    description:
      'Past bookings keep referring to it and its name becomes free. Refused with 409 ' +
      'TEAM_IN_USE while the team holds an active booking that has not ended.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(
    ERRORS.auth,
    ERRORS.admin,
    ERRORS.input,
    'TEAM_NOT_FOUND',
    'NOT_FOUND',
    'TEAM_IN_USE',
    ERRORS.database,
  )
  async remove(@IdParam() id: number): Promise<void> {
    await this.teams.deleteTeam(id);
  }
}
