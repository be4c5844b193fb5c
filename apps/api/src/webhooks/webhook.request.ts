import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { ALL_EVENTS, MAX_WEBHOOK_URL_LENGTH, WEBHOOK_EVENT_TYPES } from '@app/webhooks';

const EVENT_NAMES = [...WEBHOOK_EVENT_TYPES, ALL_EVENTS];

const URL_DOC = {
  example: 'https://example.com/webhooks/booking',
  maxLength: MAX_WEBHOOK_URL_LENGTH,
  description:
    'http(s) URL without credentials. Outside NODE_ENV development/test (unless ' +
    'WEBHOOK_ALLOW_PRIVATE=true): https only, and the host may not resolve to a loopback, ' +
    'private or link-local address (checked here and again at every send).',
};

const EVENTS_DOC = {
  isArray: true,
  enum: EVENT_NAMES,
  enumName: 'WebhookEventName',
  example: ['booking.created', 'booking.cancelled'],
  description: 'At least one event name, or ["*"] for every event',
};

/** The checks of `url`; whether it is required is the DTO's. */
const IsWebhookUrl = () => applyDecorators(IsString(), MaxLength(MAX_WEBHOOK_URL_LENGTH));

/** The checks of `events`: at least one known name, "*" for all. */
const AreEventNames = () =>
  applyDecorators(
    IsArray(),
    ArrayNotEmpty({ message: 'events must name at least one event (or "*")' }),
    ArrayMaxSize(EVENT_NAMES.length * 2),
    IsIn(EVENT_NAMES, {
      each: true,
      message: `each of events must be one of ${EVENT_NAMES.join(', ')}`,
    }),
  );

export class CreateWebhookRequest {
  @ApiProperty(URL_DOC)
  @IsWebhookUrl()
  url!: string;

  @ApiProperty(EVENTS_DOC)
  @AreEventNames()
  events!: string[];

  @ApiPropertyOptional({ example: 'Facilities dashboard', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class UpdateWebhookRequest {
  @ApiPropertyOptional(URL_DOC)
  @IsOptional()
  @IsWebhookUrl()
  url?: string;

  @ApiPropertyOptional(EVENTS_DOC)
  @IsOptional()
  @AreEventNames()
  events?: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Facilities dashboard',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string | null;

  @ApiPropertyOptional({
    example: true,
    description:
      'false stops deliveries (they wait); true resumes them in order and forgets past ' +
      'failures. An endpoint failing for 3 days is turned off by the dispatcher.',
  })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}
