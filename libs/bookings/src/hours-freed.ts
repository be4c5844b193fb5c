import { Injectable } from '@nestjs/common';
import type { Transaction } from '@app/database';
import type { RoomType } from './allocation.policy';

/** Hours of a room type at a site on a date that a transaction just gave back (end exclusive). */
export interface FreedHours {
  siteId: number;
  roomType: RoomType;
  date: string;
  startHour: number;
  endHour: number;
}

/** Runs inside the transaction that freed the hours, before its commit. */
export type HoursFreedListener = (tx: Transaction, freed: FreedHours[]) => Promise<void>;

/**
 * Whatever must act in the same transaction when bookings give hours back (the waitlist's
 * promotion) registers here, so the booking engine does not depend on it. Wiring only: every
 * decision is taken under the transaction's locks.
 */
@Injectable()
export class HoursFreedHooks {
  private readonly listeners: HoursFreedListener[] = [];

  register(listener: HoursFreedListener): void {
    this.listeners.push(listener);
  }

  async notify(tx: Transaction, freed: FreedHours[]): Promise<void> {
    if (freed.length === 0) return;
    for (const listener of this.listeners) await listener(tx, freed);
  }
}
