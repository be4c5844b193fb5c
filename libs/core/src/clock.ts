import { Global, Module } from '@nestjs/common';
import type { AppConfig } from './config.schema';
import { APP_CONFIG } from './config.module';

/** Injection token for the clock, so tests can pin "now". */
export const CLOCK = Symbol('CLOCK');

/** The one "now" every time rule reads (past, horizon, check-in, release, expiry, sweeps). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The wall clock moved by `offsetSeconds` (CLOCK_OFFSET_S): a demo or test lives at another time. */
export function offsetClock(offsetSeconds: number): Clock {
  if (offsetSeconds === 0) return systemClock;
  const offsetMs = offsetSeconds * 1000;
  return { now: () => new Date(Date.now() + offsetMs) };
}

/** Provides CLOCK everywhere, shifted by CLOCK_OFFSET_S; tests override it to pin "now". */
@Global()
@Module({
  providers: [
    {
      provide: CLOCK,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Clock => offsetClock(config.clockOffsetSeconds),
    },
  ],
  exports: [CLOCK],
})
export class ClockModule {}
