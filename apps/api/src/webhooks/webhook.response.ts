import { ApiProperty } from '@nestjs/swagger';
import type {
  CreatedWebhookEndpoint,
  WebhookAttemptRecord,
  WebhookEndpointRecord,
} from '@app/webhooks';
import { PaginatedResponseOf } from '../http/pagination';

export class WebhookResponse {
  @ApiProperty({ example: 3 }) id!: number;
  @ApiProperty({ example: 'https://example.com/webhooks/booking' }) url!: string;
  @ApiProperty({ type: [String], example: ['booking.created', 'booking.cancelled'] })
  events!: string[];
  @ApiProperty({ type: String, nullable: true, example: 'Facilities dashboard' })
  description!: string | null;
  @ApiProperty({ example: true }) is_active!: boolean;
  @ApiProperty({ example: '2026-11-25T09:00:00.000Z' }) created_at!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Since when every attempt has failed (null after a success)',
  })
  failing_since!: string | null;

  static from(endpoint: WebhookEndpointRecord): WebhookResponse {
    return {
      id: endpoint.id,
      url: endpoint.url,
      events: endpoint.events,
      description: endpoint.description,
      is_active: endpoint.isActive,
      created_at: endpoint.createdAt.toISOString(),
      failing_since: endpoint.failingSince?.toISOString() ?? null,
    };
  }
}

export class CreatedWebhookResponse extends WebhookResponse {
  @ApiProperty({
    example: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD',
    description:
      'The Standard Webhooks signing secret; shown this once. Verify deliveries with it ' +
      '(e.g. `new Webhook(secret).verify(body, headers)` of the standardwebhooks package).',
  })
  secret!: string;

  static fromCreated(endpoint: CreatedWebhookEndpoint): CreatedWebhookResponse {
    return { ...WebhookResponse.from(endpoint), secret: endpoint.secret };
  }
}

export class WebhookAttemptResponse {
  @ApiProperty({ example: 41 }) id!: number;
  @ApiProperty({ example: 17 }) delivery_id!: number;
  @ApiProperty({ example: 'msg_17', description: 'The webhook-id header sent' })
  message_id!: string;
  @ApiProperty({ example: 'booking.created' }) event_type!: string;
  @ApiProperty({ example: 1, description: '1 for the first attempt of the delivery' })
  attempt!: number;
  @ApiProperty({ example: '2026-11-25T09:00:01.000Z' }) attempted_at!: string;
  @ApiProperty({ type: Number, nullable: true, example: 200 }) status_code!: number | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Timeout, refused...' })
  error!: string | null;
  @ApiProperty({ example: 35 }) duration_ms!: number;
  @ApiProperty({ example: true, description: 'A 2xx answer' }) succeeded!: boolean;

  static from(a: WebhookAttemptRecord): WebhookAttemptResponse {
    return {
      id: a.id,
      delivery_id: a.deliveryId,
      message_id: `msg_${a.eventId}`,
      event_type: a.eventType,
      attempt: a.attempt,
      attempted_at: a.attemptedAt.toISOString(),
      status_code: a.statusCode,
      error: a.error,
      duration_ms: a.durationMs,
      succeeded: a.succeeded,
    };
  }
}

export const WebhookPageResponse = PaginatedResponseOf(WebhookResponse, 'WebhookPageResponse');
export const WebhookAttemptPageResponse = PaginatedResponseOf(
  WebhookAttemptResponse,
  'WebhookAttemptPageResponse',
);
