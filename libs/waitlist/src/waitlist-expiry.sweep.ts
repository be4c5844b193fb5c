import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { WaitlistService } from './waitlist.service';

/**
 * Every API process expires the entries whose first hour has begun, every WAITLIST_SWEEP_S
 * seconds. Concurrent sweeps skip each other's rows, so each entry expires once.
 */
@Injectable()
export class WaitlistExpirySweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Waitlist');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly waitlist: WaitlistService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.waitlistSweepSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One sweep now; returns how many entries expired (0 while another sweep of this process runs). */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const expired = await this.waitlist.expireBegun();
      if (expired > 0) this.logger.log(`expired ${expired} waitlist entries`);
      return expired;
    } catch (error) {
      this.logger.warn(`waitlist sweep failed: ${(error as Error).message}`);
      return 0;
    } finally {
      this.running = false;
    }
  }
}
