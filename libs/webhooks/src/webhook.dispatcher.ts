import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/core';
import { ClaimedDelivery, DeliveryRepository } from './delivery.repository';
import { DISABLE_AFTER_FAILING_MS, retryDelayMs } from './retry.policy';
import { postWebhook, WEBHOOK_TIMEOUT_MS } from './webhook-sender';

/** Deliveries claimed per round; a full batch starts the next round at once. */
const CLAIM_BATCH = 50;

/**
 * A claim is a lease, not a held transaction: no pooled connection waits on a slow receiver,
 * and a process killed mid-send leaves a delivery that is claimable again when the lease ends.
 * It outlives the send's own 10 s budget, so a live sender never loses its lease.
 */
const LEASE_MS = WEBHOOK_TIMEOUT_MS + 20_000;

/**
 * Every API process sends due deliveries every WEBHOOK_DISPATCH_MS (0: not this process).
 * Correctness lives in the rows (the outbox, the lease, the per-endpoint head), never here:
 * any number of dispatchers share the work, and each delivery is sent at least once.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.webhooks.dispatchMs === 0) return;
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One round now (tests call it); resolves to how many deliveries it attempted. */
  async runOnce(): Promise<number> {
    if (this.stopped) return 0;
    if (this.running) return this.running;
    this.running = this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<number> {
    const claimed = await this.deliveries.claimDue(this.dataSource.manager, CLAIM_BATCH, LEASE_MS);
    // One head per endpoint: sending them together keeps every endpoint's order.
    await Promise.all(claimed.map((delivery) => this.send(delivery)));
    return claimed.length;
  }

  private async send(delivery: ClaimedDelivery): Promise<void> {
    const body = JSON.stringify({
      type: delivery.type,
      timestamp: delivery.createdAt.toISOString(),
      data: delivery.data,
    });
    const messageId = `msg_${delivery.eventId}`;
    const attemptedAt = new Date();
    const signature = new Webhook(delivery.secret).sign(messageId, attemptedAt, body);
    const result = await postWebhook(
      delivery.url,
      {
        'webhook-id': messageId,
        'webhook-timestamp': String(Math.floor(attemptedAt.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      { strict: !this.config.webhooks.allowPrivate },
    );
    const outcome = { attemptedAt, ...result };
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    if (ok) {
      await this.deliveries.recordDelivered(this.dataSource.manager, delivery, outcome);
      return;
    }
    const retryIn = retryDelayMs(
      delivery.attempts,
      this.config.webhooks.retryBaseMs,
      Math.random(),
    );
    const active = await this.deliveries.recordFailed(
      this.dataSource.manager,
      delivery,
      { ...outcome, error: result.error ?? `HTTP ${result.statusCode}` },
      retryIn,
      DISABLE_AFTER_FAILING_MS,
    );
    if (!active)
      this.logger.warn(`endpoint ${delivery.endpointId} disabled after 3 days of failures`);
  }

  private schedule(delayMs = this.config.webhooks.dispatchMs): void {
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let claimed = 0;
    try {
      claimed = await this.runOnce();
    } catch (error) {
      this.logger.warn(`webhook dispatch failed: ${(error as Error).message}`);
    }
    if (!this.stopped) this.schedule(claimed === CLAIM_BATCH ? 0 : undefined);
  }
}
