import { Controller, Delete, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { AuthUser, CurrentUser, Public } from '@app/auth';
import { CalendarFeedNotFound, CalendarService } from '@app/calendar';
import { APP_CONFIG, AppConfig } from '@app/core';
import { AUTH_THROTTLER } from '../auth/rate-limit.module';
import { ApiErrors, ERRORS, ProblemResponse } from '../http/api-errors.decorator';
import { CalendarContent } from './calendar-content';

const FEED_SUFFIX = '.ics';

export class CalendarFeedResponse {
  @ApiProperty({
    example:
      'http://localhost:3000/api/v1/calendar/3q2-7wXo2bF4Wc8kQx0c1YvPz6J8rT5nL9mA0sD4fGh.ics',
    description:
      'Secret subscription URL (PUBLIC_URL + /api/v1/calendar/{token}.ics); anyone holding it ' +
      'reads the feed, without an Authorization header.',
  })
  url!: string;
}

@ApiTags('calendars')
@ApiBearerAuth()
@ApiExtraModels(ProblemResponse)
@Controller('v1/calendar-feed')
export class CalendarFeedController {
  constructor(
    private readonly calendars: CalendarService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiOperation({
    summary: "Create the caller's calendar subscription URL",
    description:
      "A new secret URL serving the caller's bookings (created or taking part in) from 30 days " +
      'ago on; cancelled and released ones with STATUS:CANCELLED. Creating one revokes the ' +
      'previous URL (it answers 404 from then on). Only a hash of the token is stored: the URL ' +
      'is shown once.',
  })
  @ApiCreatedResponse({ type: CalendarFeedResponse })
  @ApiErrors(ERRORS.auth)
  async create(@CurrentUser() user: AuthUser): Promise<CalendarFeedResponse> {
    const token = await this.calendars.createFeed(user.id);
    return { url: `${this.config.publicUrl}/api/v1/calendar/${token}${FEED_SUFFIX}` };
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: "Revoke the caller's calendar subscription URL",
    description: 'The URL answers 404 from then on. 204 also when there was none.',
  })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors(ERRORS.auth)
  async revoke(@CurrentUser() user: AuthUser): Promise<void> {
    await this.calendars.revokeFeed(user.id);
  }
}

@ApiTags('calendars')
@ApiExtraModels(ProblemResponse)
@Controller('v1/calendar')
export class CalendarSubscriptionController {
  constructor(private readonly calendars: CalendarService) {}

  /**
   * No access token: the secret URL is the credential. Rate-limited per client IP like the
   * auth routes (AUTH_RATE_LIMIT a minute), in a budget of its own.
   */
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ [AUTH_THROTTLER]: { generateKey: (_context, tracker) => `calendar:${tracker}` } })
  @Get(':feed')
  @ApiOperation({
    summary: 'A calendar subscription feed (the URL from POST /calendar-feed/)',
    description:
      "No Authorization header: the token in the URL is the credential. The owner's bookings " +
      'from 30 days ago on, one VEVENT each (see GET /bookings/{booking_id}/ics). An unknown, ' +
      'revoked or malformed token is a 404, the same for all three. Rate-limited per client ' +
      'IP (AUTH_RATE_LIMIT a minute, a budget of its own).',
  })
  @ApiParam({ name: 'feed', description: '{token}.ics', example: '<token>.ics' })
  @CalendarContent('The feed as text/calendar (RFC 5545)')
  @ApiErrors('NOT_FOUND', ERRORS.rateLimited)
  feed(@Param('feed') feed: string): Promise<string> {
    if (!feed.endsWith(FEED_SUFFIX)) throw new CalendarFeedNotFound();
    return this.calendars.feedCalendar(feed.slice(0, -FEED_SUFFIX.length));
  }
}
