import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig, RepeatingJob } from '@app/core';
import { NoShowReleases } from './no-show-release.service';

/**
 * Every API process releases no-shows every RELEASE_SWEEP_S seconds (0: not this process);
 * the CLI runs `release-no-shows` instead.
 */
@Injectable()
export class ReleaseSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReleaseSweep');
  private readonly job: RepeatingJob;

  constructor(
    private readonly releases: NoShowReleases,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.job = new RepeatingJob(
      this.logger,
      'release sweep',
      () => this.release(),
      () => this.config.releaseSweepSeconds * 1000,
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.releaseSweepSeconds === 0 || this.config.autoReleaseAfterMinutes === 0) return;
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** One sweep now (tests trigger it so); resolves to how many it released, 0 after shutdown. */
  runOnce(): Promise<number> {
    return this.job.runOnce();
  }

  private async release(): Promise<number> {
    const released = await this.releases.releaseDue();
    if (released > 0) this.logger.log(`released ${released} no-show bookings`);
    return released;
  }
}
