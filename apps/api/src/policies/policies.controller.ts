import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@app/auth';
import { BookingPoliciesService, PolicyLimits, WEEKDAY_CODES } from '@app/bookings';
import { ApiErrors, ERRORS } from '../http/api-errors.decorator';
import { PoliciesQuery, PolicyLimitsRequest, PutPoliciesRequest } from './policy.request';
import { PoliciesResponse } from './policy.response';

/** ISO weekday numbers, sorted, from MO..SU codes or numbers. */
const isoWeekdays = (days: (number | string)[]): number[] =>
  [
    ...new Set(
      days.map((d) =>
        typeof d === 'number' ? d : WEEKDAY_CODES.indexOf(d as (typeof WEEKDAY_CODES)[number]) + 1,
      ),
    ),
  ].sort((a, b) => a - b);

export const limitsOf = (body: PolicyLimitsRequest | null | undefined): PolicyLimits => ({
  maxHoursPerDay: body?.max_hours_per_day ?? null,
  maxHoursPerWeek: body?.max_hours_per_week ?? null,
  maxActiveBookings: body?.max_active_bookings ?? null,
  minNoticeMin: body?.min_notice_min ?? null,
  cancelCutoffMin: body?.cancel_cutoff_min ?? null,
  openWeekdays: body?.open_weekdays ? isoWeekdays(body.open_weekdays) : null,
});

@ApiTags('policies')
@ApiBearerAuth()
@Controller('v1/policies')
export class PoliciesController {
  constructor(private readonly policies: BookingPoliciesService) {}

  @Get()
  @ApiOperation({
    summary: "The workspace's booking policies",
    description:
      'null: no limit. See PUT for how the all-types and per-type limits combine. With site: ' +
      "the limits that bind bookings at that site, the site's own and the company's merged " +
      '(the lower quota, the longer notice and cutoff, the weekdays open in both).',
  })
  @ApiOkResponse({ type: PoliciesResponse })
  @ApiErrors(ERRORS.auth, ERRORS.input)
  async get(@Query() query: PoliciesQuery): Promise<PoliciesResponse> {
    return PoliciesResponse.fromPolicies(await this.policies.getPolicies(query.site));
  }

  @Put()
  @Roles('admin')
  @ApiOperation({
    summary: 'Replace the booking policies (admin)',
    description:
      'The body replaces every limit; a key absent or null has none. Limits apply to bookings, ' +
      'series, moves and waitlist promotions made by non-admins, for every participant. ' +
      'A limit for all room types and one for the booked type both apply: hours and active ' +
      'bookings count every type, resp. that type only; the larger min_notice_min and ' +
      'cancel_cutoff_min apply; a date must be open in both open_weekdays (closed days are ' +
      'refused as closures, ROOM_CLOSED, for admins too). With site, the body replaces that ' +
      "site's own limits and the answer is them; a booking at the site must pass both the " +
      "site's and the company's (stricter wins), and quotas count the member's bookings at " +
      'every site.',
  })
  @ApiOkResponse({ type: PoliciesResponse })
  @ApiErrors(ERRORS.auth, ERRORS.admin, ERRORS.input, ERRORS.database)
  async put(
    @CurrentUser() user: AuthUser,
    @Body() body: PutPoliciesRequest,
  ): Promise<PoliciesResponse> {
    const byType = body.by_room_type;
    return PoliciesResponse.fromPolicies(
      await this.policies.setPolicies(
        user.id,
        {
          all: limitsOf(body),
          byRoomType: {
            PRIVATE: limitsOf(byType?.PRIVATE),
            CONFERENCE: limitsOf(byType?.CONFERENCE),
            SHARED_DESK: limitsOf(byType?.SHARED_DESK),
          },
        },
        body.site,
      ),
    );
  }
}
