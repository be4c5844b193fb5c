import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { NoShowReleases } from './no-show-release.service';

/**
 * Every API process releases no-shows every RELEASE_SWEEP_S seconds (0: not this process);
 * the CLI runs `release-no-shows` instead. One run at a time per process, the next scheduled
 * when the last ends; shutdown stops the timer and waits for a run in progress, so the
 * database is never closed under it.
 */
@Injectable()
export class ReleaseSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReleaseSweep');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  constructor(
    private readonly releases: NoShowReleases,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.releaseSweepSeconds === 0 || this.config.autoReleaseAfterMinutes === 0) return;
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One sweep now (tests trigger it so); resolves to how many it released, 0 after shutdown. */
  async runOnce(): Promise<number> {
    if (this.stopped) return 0;
    if (this.running) return this.running;
    this.running = this.releases.releaseDue().finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.tick(), this.config.releaseSweepSeconds * 1000);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const released = await this.runOnce();
      if (released > 0) this.logger.log(`released ${released} no-show bookings`);
    } catch (error) {
      this.logger.warn(`release sweep failed: ${(error as Error).message}`);
    }
    if (!this.stopped) this.schedule();
  }
}
