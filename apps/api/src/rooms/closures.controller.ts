import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@app/auth';
import { ClosuresService, NewClosure } from '@app/bookings';
import { ApiErrors, ERRORS } from '../http/api-errors.decorator';
import { IdParam } from '../http/id.param';
import {
  CreateClosureRequest,
  CreateWorkspaceClosureRequest,
  ListClosuresQuery,
} from './closure.request';
import { ClosureResponse } from './closure.response';

export const closureOf = (body: CreateClosureRequest): NewClosure => ({
  startDate: body.start_date,
  endDate: body.end_date,
  startTime: body.start_time,
  endTime: body.end_time,
  reason: body.reason,
  cancelConflicting: body.cancel_conflicting ?? false,
});

/**
 * The workspace closure id of the examples (a room's closure has EXAMPLE_ID): both exist in the
 * data the OpenAPI examples test sets up (test/support/openapi-example-data.ts).
 */
export const EXAMPLE_WORKSPACE_CLOSURE_ID = 4;

/** Workspace-wide closures (holidays): every room, the same rules as a room's closure. */
@ApiTags('rooms')
@ApiBearerAuth()
@Controller('v1/closures')
export class ClosuresController {
  constructor(private readonly closures: ClosuresService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Close every room for some hours of some dates (admin)',
    description:
      'As a room closure, for every room (those created later too), or with site for every ' +
      "room of that site only (other sites' rooms stay open). Active bookings inside: " +
      '409 CLOSURE_CONFLICT naming them, unless cancel_conflicting is true.',
  })
  @ApiCreatedResponse({ type: ClosureResponse })
  @ApiErrors(ERRORS.auth, ERRORS.admin, ERRORS.input, 'CLOSURE_CONFLICT', ERRORS.database)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateWorkspaceClosureRequest,
  ): Promise<ClosureResponse> {
    return ClosureResponse.from(
      await this.closures.createClosure({ memberId: user.id }, null, {
        ...closureOf(body),
        site: body.site,
      }),
    );
  }

  @Get()
  @ApiOperation({
    summary: 'Workspace-wide closures, by start',
    description:
      "Without `site`: those of every site and those of one site's rooms (`site` set in each). " +
      'With `?site=` (a site code): every closure that closes a room of that site, that is the ' +
      "closures of its rooms (`room` set), the site's own and those of every site; other sites' " +
      'closures are left out. An unknown code is a 400.',
  })
  @ApiOkResponse({ type: ClosureResponse, isArray: true })
  @ApiErrors(ERRORS.auth, ERRORS.input)
  async list(@Query() query: ListClosuresQuery): Promise<ClosureResponse[]> {
    const found =
      query.site === undefined
        ? await this.closures.listClosures(null)
        : await this.closures.listSiteClosures(query.site);
    return found.map((c) => ClosureResponse.from(c));
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Lift a workspace-wide closure (admin)',
    description: 'The reopened hours go to the waitlist in the same transaction.',
  })
  @ApiNoContentResponse({ description: 'Lifted' })
  @ApiErrors(
    ERRORS.auth,
    ERRORS.admin,
    ERRORS.input,
    'NOT_FOUND',
    'CLOSURE_NOT_FOUND',
    ERRORS.database,
  )
  async lift(
    @CurrentUser() user: AuthUser,
    @IdParam('id', EXAMPLE_WORKSPACE_CLOSURE_ID) id: number,
  ): Promise<void> {
    await this.closures.liftClosure({ memberId: user.id }, null, id);
  }
}
