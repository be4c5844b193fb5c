import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { IdempotencyKeys } from './idempotency-keys.service';

const SWEEP_EVERY_MS = 60_000;

/**
 * Keeps idempotency_keys to about a day of answers: every API process deletes the expired ones
 * once a minute, in bounded batches (concurrent sweeps skip each other's rows). An expired
 * answer that is still there is ignored anyway, so a late sweep changes nothing but the size.
 */
@Injectable()
export class ExpiredAnswersSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IdempotencyKeys');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(private readonly keys: IdempotencyKeys) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async sweep(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const deleted = await this.keys.deleteExpired();
      if (deleted > 0) this.logger.log(`deleted ${deleted} expired idempotency answers`);
    } catch (error) {
      this.logger.warn(`idempotency sweep failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
