import { Injectable } from '@nestjs/common';
import type { Transaction } from '@app/database';
import type { RoomType } from './allocation.policy';

/** Hours of a room type on a date that a transaction just gave back (end exclusive). */
export interface FreedHours {
  roomType: RoomType;
  date: string;
  startHour: number;
  endHour: number;
}

/** Freed hours and the site whose rooms they are. */
export type SiteFreedHours = FreedHours & { siteId: number };

/**
 * Runs inside the transaction that freed the hours, before its commit: once per site, with
 * that site's hours.
 */
export type HoursFreedListener = (
  tx: Transaction,
  freed: FreedHours[],
  siteId: number,
) => Promise<void>;

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

  async notify(tx: Transaction, freed: SiteFreedHours[]): Promise<void> {
    const bySite = new Map<number, FreedHours[]>();
    for (const { siteId, roomType, date, startHour, endHour } of freed) {
      const hours = bySite.get(siteId) ?? [];
      hours.push({ roomType, date, startHour, endHour });
      bySite.set(siteId, hours);
    }
    // Sites in id order, so two transactions freeing hours at several sites lock alike.
    for (const siteId of [...bySite.keys()].sort((a, b) => a - b)) {
      const hours = bySite.get(siteId) as FreedHours[];
      for (const listener of this.listeners) await listener(tx, hours, siteId);
    }
  }
}
