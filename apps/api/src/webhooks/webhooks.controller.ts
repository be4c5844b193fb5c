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
import { WebhooksService } from '@app/webhooks';
import { ApiErrors, ERRORS } from '../http/api-errors.decorator';
import { IdParam } from '../http/id.param';
import { idCursor, PageCursors } from '../http/page-cursors';
import { ApiPageQuery, Paginated } from '../http/pagination';
import { CreateWebhookRequest, UpdateWebhookRequest } from './webhook.request';
import {
  CreatedWebhookResponse,
  WebhookAttemptPageResponse,
  WebhookAttemptResponse,
  WebhookPageResponse,
  WebhookResponse,
} from './webhook.response';

/** What every route on one endpoint (`:id`) can answer besides its own codes. */
const ONE_ENDPOINT = [
  ...ERRORS.auth,
  ...ERRORS.admin,
  ...ERRORS.input,
  'NOT_FOUND',
  'WEBHOOK_NOT_FOUND',
] as const;

const WEBHOOKS_CURSOR = idCursor('webhooks');
const ATTEMPTS_CURSOR = idCursor('webhook-attempts');

const DELIVERY_DESCRIPTION =
  'Deliveries follow the Standard Webhooks specification: a POST of `{type, timestamp, data}` ' +
  'with headers `webhook-id`, `webhook-timestamp` and `webhook-signature` (v1, HMAC-SHA256 ' +
  'with the secret). Each event is written to an outbox in the transaction that caused it and ' +
  'sent at least once, in order per endpoint, within seconds; a non-2xx answer, a redirect or ' +
  'no answer within 10 s is retried with exponential backoff (first retry within 30 s) until ' +
  'it succeeds; an endpoint failing for 3 days is turned off.';

@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly cursors: PageCursors,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Subscribe an endpoint to events (admin)',
    description: DELIVERY_DESCRIPTION,
  })
  @ApiCreatedResponse({ type: CreatedWebhookResponse })
  @ApiErrors(ERRORS.auth, ERRORS.admin, ERRORS.input, ERRORS.database)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateWebhookRequest,
  ): Promise<CreatedWebhookResponse> {
    return CreatedWebhookResponse.fromCreated(
      await this.webhooks.createEndpoint(user.id, {
        url: body.url,
        events: body.events,
        description: body.description,
      }),
    );
  }

  @Get()
  @ApiOperation({ summary: 'Webhook endpoints, paginated (admin); secrets are never shown again' })
  @ApiPageQuery()
  @ApiOkResponse({ type: WebhookPageResponse })
  @ApiErrors(ERRORS.auth, ERRORS.admin, ERRORS.input, 'PAGE_NOT_FOUND')
  async list(
    @Req() request: FastifyRequest,
    @Query('page') page?: unknown,
    @Query('page_size') pageSize?: unknown,
    @Query('cursor') cursor?: unknown,
  ): Promise<Paginated<WebhookResponse>> {
    const pageRequest = this.cursors.read(WEBHOOKS_CURSOR, { page, page_size: pageSize, cursor });
    const found = await this.webhooks.listEndpoints(pageRequest);
    return this.cursors.answer(WEBHOOKS_CURSOR, request, pageRequest, found, (endpoint) =>
      WebhookResponse.from(endpoint),
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook endpoint (admin)' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiErrors(ONE_ENDPOINT)
  async get(@IdParam() id: number): Promise<WebhookResponse> {
    return WebhookResponse.from(await this.webhooks.getEndpoint(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an endpoint: url, events, description, is_active (admin)' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiErrors(ONE_ENDPOINT, ERRORS.database)
  async update(
    @CurrentUser() user: AuthUser,
    @IdParam() id: number,
    @Body() body: UpdateWebhookRequest,
  ): Promise<WebhookResponse> {
    return WebhookResponse.from(
      await this.webhooks.updateEndpoint(user.id, id, {
        url: body.url,
        events: body.events,
        description: body.description,
        isActive: body.is_active,
      }),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an endpoint (admin)',
    description: 'Its pending deliveries and its attempts go with it.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(ONE_ENDPOINT, ERRORS.database)
  async remove(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<void> {
    await this.webhooks.deleteEndpoint(user.id, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: "An endpoint's delivery attempts, newest first (admin)",
    description: 'Every attempt: status code or error, duration. `?cursor=` as on the other lists.',
  })
  @ApiPageQuery()
  @ApiOkResponse({ type: WebhookAttemptPageResponse })
  @ApiErrors(ONE_ENDPOINT, 'PAGE_NOT_FOUND')
  async deliveries(
    @IdParam() id: number,
    @Req() request: FastifyRequest,
    @Query('page') page?: unknown,
    @Query('page_size') pageSize?: unknown,
    @Query('cursor') cursor?: unknown,
  ): Promise<Paginated<WebhookAttemptResponse>> {
    const pageRequest = this.cursors.read(ATTEMPTS_CURSOR, { page, page_size: pageSize, cursor });
    const found = await this.webhooks.listAttempts(id, pageRequest);
    return this.cursors.answer(ATTEMPTS_CURSOR, request, pageRequest, found, (attempt) =>
      WebhookAttemptResponse.from(attempt),
    );
  }
}
