import { Logger } from '@nestjs/common';
import { RepeatingJob } from './repeating-job';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RepeatingJob', () => {
  const logger = new Logger('test');
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });

  it('runs after the first delay, then again after the delay its result picks', async () => {
    const delays: number[] = [];
    let runs = 0;
    const job = new RepeatingJob(
      logger,
      'job',
      () => Promise.resolve(++runs),
      (done) => {
        delays.push(done);
        return 5;
      },
    );
    job.start();
    await sleep(60);
    await job.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(delays.slice(0, 3)).toEqual([0, 1, 2]);
    const after = runs;
    await sleep(30);
    expect(runs).toBe(after);
  });

  it('joins a run in progress; stop() waits for it and later runs do nothing', async () => {
    let finish!: (n: number) => void;
    let started = 0;
    const job = new RepeatingJob(
      logger,
      'job',
      () => {
        started++;
        return new Promise<number>((resolve) => (finish = resolve));
      },
      () => 1000,
    );
    const first = job.runOnce();
    const joined = job.runOnce();
    expect(started).toBe(1);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await sleep(5);
    expect(stopped).toBe(false);
    finish(3);
    await expect(Promise.all([first, joined])).resolves.toEqual([3, 3]);
    await stopping;
    expect(stopped).toBe(true);
    await expect(job.runOnce()).resolves.toBe(0);
    expect(started).toBe(1);
  });

  it('logs a failed run by name and keeps going', async () => {
    let runs = 0;
    const job = new RepeatingJob(
      logger,
      'webhook dispatch',
      () => (++runs === 1 ? Promise.reject(new Error('database gone')) : Promise.resolve(0)),
      () => 5,
    );
    job.start();
    await sleep(60);
    await job.stop();
    expect(warn).toHaveBeenCalledWith('webhook dispatch failed: database gone');
    expect(runs).toBeGreaterThanOrEqual(2);
  });
});
