import { Module } from '@nestjs/common';
import { WebhookDispatchModule, WebhooksModule } from '@app/webhooks';
import { WebhooksController } from './webhooks.controller';

/** The admin endpoints, and the dispatcher every API process runs. */
@Module({
  imports: [WebhooksModule, WebhookDispatchModule],
  controllers: [WebhooksController],
})
export class WebhooksHttpModule {}
