import { DomainError } from '@app/core';

export class WebhookNotFound extends DomainError {
  constructor() {
    super('WEBHOOK_NOT_FOUND', 'Webhook endpoint not found');
  }
}

/** A URL the webhook rules refuse (not http(s), credentials, a private address...): 400. */
export class InvalidWebhookUrl extends DomainError {
  constructor(reason: string) {
    super('VALIDATION_FAILED', reason, [{ field: 'url', message: reason }]);
  }
}
