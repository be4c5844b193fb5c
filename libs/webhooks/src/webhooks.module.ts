import { Module } from '@nestjs/common';
import { DeliveryRepository } from './delivery.repository';
import { WebhookDispatcher } from './webhook.dispatcher';
import { WebhookRepository } from './webhook.repository';
import { WebhooksService } from './webhooks.service';

/**
 * Endpoints and their attempts; the outbox (Outbox, a plain object used inside other modules'
 * transactions) needs no provider. The dispatcher is provided by WebhookDispatchModule, which
 * the API imports: the CLI enqueues events but never sends them.
 */
@Module({
  providers: [WebhookRepository, WebhooksService],
  exports: [WebhooksService],
})
export class WebhooksModule {}

@Module({
  providers: [DeliveryRepository, WebhookDispatcher],
  exports: [WebhookDispatcher],
})
export class WebhookDispatchModule {}
