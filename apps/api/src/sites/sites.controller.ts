import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '@app/auth';
import { SitesService } from '@app/rooms';
import { ApiErrors, ERRORS } from '../http/api-errors.decorator';
import { IdParam } from '../http/id.param';
import { CreateSiteRequest, UpdateSiteRequest } from './site.request';
import { SiteResponse } from './site.response';

@ApiTags('sites')
@ApiBearerAuth()
@Controller('v1/sites')
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  @Get()
  @ApiOperation({ summary: 'Every site (office), by code' })
  @ApiOkResponse({ type: SiteResponse, isArray: true })
  @ApiErrors(ERRORS.auth)
  async list(): Promise<SiteResponse[]> {
    return (await this.sites.listSites()).map((s) => SiteResponse.from(s));
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Create a site (admin)',
    description: 'code unique (409 SITE_CODE_TAKEN); timezone an IANA zone (else 400).',
  })
  @ApiCreatedResponse({ type: SiteResponse })
  @ApiErrors(ERRORS.auth, ERRORS.admin, ERRORS.input, 'SITE_CODE_TAKEN', ERRORS.database)
  async create(@Body() body: CreateSiteRequest): Promise<SiteResponse> {
    return SiteResponse.from(
      await this.sites.createSite({ code: body.code, name: body.name, timezone: body.timezone }),
    );
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Rename a site or change its code or time zone (admin)',
    description:
      "A new time zone applies to the site's bookings from yesterday on; if a member would then " +
      'hold the same absolute hour at two sites, 409 MEMBER_DOUBLE_BOOKED and nothing changes.',
  })
  @ApiBody({
    type: UpdateSiteRequest,
    examples: {
      rename: { summary: 'Rename the site', value: { name: 'Head office' } },
    },
  })
  @ApiOkResponse({ type: SiteResponse })
  @ApiErrors(
    ERRORS.auth,
    ERRORS.admin,
    ERRORS.input,
    'NOT_FOUND',
    'SITE_NOT_FOUND',
    'SITE_CODE_TAKEN',
    'MEMBER_DOUBLE_BOOKED',
    ERRORS.database,
  )
  async update(
    @IdParam('id', 1) id: number,
    @Body() body: UpdateSiteRequest,
  ): Promise<SiteResponse> {
    return SiteResponse.from(
      await this.sites.updateSite(id, {
        code: body.code,
        name: body.name,
        timezone: body.timezone,
      }),
    );
  }
}
