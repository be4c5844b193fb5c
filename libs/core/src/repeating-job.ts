import { Logger } from '@nestjs/common';

/**
 * Background work an API process repeats (the no-show sweep, the webhook dispatcher): one run
 * at a time per process, the next scheduled when the last ends; stop() ends the timer and
 * waits for a run in progress, so the database is never closed under it. Correctness stays in
 * the rows the work locks: any number of processes may repeat the same job.
 */
export class RepeatingJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  /**
   * `work` resolves to how much it did; `delayAfter` is the wait before the next run given
   * that (0 at the start); a failed run is logged as `<name> failed` and counts as 0.
   */
  constructor(
    private readonly logger: Logger,
    private readonly name: string,
    private readonly work: () => Promise<number>,
    private readonly delayAfter: (done: number) => number,
  ) {}

  start(): void {
    this.schedule(this.delayAfter(0));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One run now (tests call it); joins a run in progress; 0 after stop(). */
  runOnce(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    this.running ??= this.work().finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let done = 0;
    try {
      done = await this.runOnce();
    } catch (error) {
      this.logger.warn(`${this.name} failed: ${(error as Error).message}`);
    }
    if (!this.stopped) this.schedule(this.delayAfter(done));
  }
}
