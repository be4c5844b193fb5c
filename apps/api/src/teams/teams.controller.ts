import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
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
import { TeamsService } from '@app/teams';
import { ApiErrors, ERRORS } from '../http/api-errors.decorator';
import { IdParam } from '../http/id.param';
import { ApiPageQuery, Paginated, PaginatedResponseOf } from '../http/pagination';
import { idCursor, PageCursors } from '../http/page-cursors';
import { CreateTeamRequest, UpdateTeamRequest } from './team.request';
import { TeamResponse } from './team.response';

const TeamPageResponse = PaginatedResponseOf(TeamResponse, 'TeamPageResponse');
const TEAMS_CURSOR = idCursor('teams');

@ApiTags('teams')
@ApiBearerAuth()
@Controller('v1/teams')
export class TeamsController {
  constructor(
    private readonly teams: TeamsService,
    private readonly cursors: PageCursors,
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
    @Query('cursor') cursor?: unknown,
  ): Promise<Paginated<TeamResponse>> {
    const pageRequest = this.cursors.read(TEAMS_CURSOR, { page, page_size: pageSize, cursor });
    const found = await this.teams.listTeams(user, pageRequest);
    return this.cursors.answer(TEAMS_CURSOR, request, pageRequest, found, (team) =>
      TeamResponse.from(team),
    );
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a team (admin)' })
  @ApiCreatedResponse({ type: TeamResponse })
  @ApiErrors(ERRORS.auth, ERRORS.admin, ERRORS.input, 'UNKNOWN_MEMBERS', 'TEAM_NAME_TAKEN')
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateTeamRequest,
  ): Promise<TeamResponse> {
    return TeamResponse.from(
      await this.teams.createTeam(user.id, { name: body.name, memberIds: body.member_ids }),
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
  async update(
    @CurrentUser() user: AuthUser,
    @IdParam() id: number,
    @Body() body: UpdateTeamRequest,
  ): Promise<TeamResponse> {
    return TeamResponse.from(
      await this.teams.updateTeam(user.id, id, { name: body.name, memberIds: body.member_ids }),
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
  async remove(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<void> {
    await this.teams.deleteTeam(user.id, id);
  }
}
