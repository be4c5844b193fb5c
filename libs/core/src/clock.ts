import { Global, Module } from '@nestjs/common';

/** Injection token for the clock, so tests can pin "now". */
export const CLOCK = Symbol('CLOCK');

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Provides CLOCK everywhere; tests override it to pin "now". */
@Global()
@Module({
  providers: [{ provide: CLOCK, useValue: systemClock }],
  exports: [CLOCK],
})
export class ClockModule {}
