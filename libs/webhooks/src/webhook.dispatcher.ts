import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, RepeatingJob } from '@app/core';
import { runInTransaction } from '@app/database';
import {
  AttemptOutcome,
  ClaimedDelivery,
  Delivered,
  DeliveryRepository,
} from './delivery.repository';
import { DISABLE_AFTER_FAILING_MS, retryDelayMs } from './retry.policy';
import { postWebhook, WEBHOOK_TIMEOUT_MS } from './webhook-sender';

/** Endpoints served per round, side by side. */
const ENDPOINTS_PER_ROUND = 50;

/** Deliveries of one endpoint claimed together and sent one after the other, in order. */
const RUN_LENGTH = 50;

/**
 * A claim is a lease, not a held transaction: no pooled connection waits on a slow receiver,
 * and a process killed mid-send leaves deliveries that are claimable again when the lease
 * ends. A run starts a send only while the lease outlives that send's 10 s budget with
 * LEASE_MARGIN_MS to spare (the rest is released), so a live sender never loses its lease.
 */
const LEASE_MS = 30_000;
const LEASE_MARGIN_MS = 5_000;

/**
 * Every API process sends due deliveries every WEBHOOK_DISPATCH_MS (0: not this process).
 * Correctness lives in the rows (the outbox, the lease, the per-endpoint head), never here:
 * any number of dispatchers share the work, and each delivery is sent at least once.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  // Work found: look again at once (a backlog drains at the receivers' pace), else wait.
  private readonly job = new RepeatingJob(
    this.logger,
    'webhook dispatch',
    () => this.round(),
    (sent) => (sent > 0 ? 0 : this.config.webhooks.dispatchMs),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.webhooks.dispatchMs === 0) return;
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** One round now (tests call it); resolves to how many deliveries it attempted. */
  runOnce(): Promise<number> {
    return this.job.runOnce();
  }

  /** Claims runs, sends them (endpoints side by side, each run in order); how many were sent. */
  private async round(): Promise<number> {
    const runs = await runInTransaction(this.dataSource, ({ manager }) =>
      this.deliveries.claimRuns(manager, ENDPOINTS_PER_ROUND, RUN_LENGTH, LEASE_MS),
    );
    const sent = await Promise.all(runs.map((run) => this.sendRun(run)));
    return sent.reduce((a, b) => a + b, 0);
  }

  /**
   * In order until one fails or the lease runs short. Successes are recorded together when the
   * run ends (one statement, not one per delivery: a process that dies before that only sends
   * them again, at least once), before a failure's record; what is left is released.
   */
  private async sendRun(run: ClaimedDelivery[]): Promise<number> {
    let sent = 0;
    const delivered: Delivered[] = [];
    const recordDelivered = async () => {
      await this.deliveries.recordDelivered(this.dataSource.manager, delivered.splice(0));
    };
    try {
      while (sent < run.length) {
        const leaseLeft = run[sent].lockedUntil.getTime() - Date.now();
        if (leaseLeft < WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS) break;
        const delivery = run[sent];
        const outcome = await this.send(delivery);
        sent++;
        if (outcome.ok) {
          delivered.push({ delivery, outcome });
          continue;
        }
        await recordDelivered();
        await this.recordFailure(delivery, outcome);
        break;
      }
    } finally {
      await recordDelivered();
      await this.deliveries.release(this.dataSource.manager, run.slice(sent));
    }
    return sent;
  }

  /** One attempt: signed, posted, timed. */
  private async send(delivery: ClaimedDelivery): Promise<AttemptOutcome & { ok: boolean }> {
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
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    return {
      attemptedAt,
      ...result,
      error: ok ? null : (result.error ?? `HTTP ${result.statusCode}`),
      ok,
    };
  }

  private async recordFailure(delivery: ClaimedDelivery, outcome: AttemptOutcome): Promise<void> {
    const retryIn = retryDelayMs(
      delivery.attempts + 1,
      this.config.webhooks.retryBaseMs,
      Math.random(),
    );
    const active = await this.deliveries.recordFailed(
      this.dataSource.manager,
      delivery,
      outcome,
      retryIn,
      DISABLE_AFTER_FAILING_MS,
    );
    if (!active)
      this.logger.warn(`endpoint ${delivery.endpointId} disabled after 3 days of failures`);
  }
}
