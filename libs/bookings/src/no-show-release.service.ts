import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@app/audit';
import { APP_CONFIG, AppConfig, CLOCK, Clock, localMoment } from '@app/core';
import { runInTransaction } from '@app/database';
import { Outbox } from '@app/webhooks';
import { bookingChangedData } from './booking-events';
import { SitesService, SiteView } from '@app/rooms';
import { releaseCutoff } from './check-in.policy';
import { CheckInRepository } from './check-in.repository';
import { HoursFreedHooks } from './hours-freed';

/** No-shows released per transaction: short transactions, whatever the backlog. */
const RELEASE_BATCH = 50;

/**
 * Releases no-shows: ACTIVE bookings not checked in by start + AUTO_RELEASE_AFTER_MIN become
 * RELEASED and give back every hour they held. Run by every API process's sweep and by the
 * CLI's `release-no-shows`; any number of them at once release each booking once.
 */
@Injectable()
export class NoShowReleases {
  constructor(
    private readonly dataSource: DataSource,
    private readonly checkIns: CheckInRepository,
    private readonly hoursFreed: HoursFreedHooks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sites: SitesService,
  ) {}

  /**
   * Releases every booking due at this process's "now", a batch per transaction: claim the due
   * rows (FOR UPDATE SKIP LOCKED, so concurrent sweeps and check-ins never wait on each other),
   * flip them to RELEASED, delete their claims, and tell the hours-freed listeners (the
   * waitlist) in that same transaction. Returns how many this call released.
   */
  async releaseDue(): Promise<number> {
    let released = 0;
    // Each site's cutoff is in its own zone.
    for (const site of await this.sites.listSites()) released += await this.releaseDueAt(site);
    return released;
  }

  private async releaseDueAt(site: SiteView): Promise<number> {
    const now = this.clock.now();
    const cutoff = releaseCutoff(localMoment(now, site.timezone), {
      autoReleaseAfterMinutes: this.config.autoReleaseAfterMinutes,
    });
    if (!cutoff) return 0;
    let released = 0;
    for (;;) {
      const batch = await runInTransaction(
        this.dataSource,
        async (tx) => {
          const freed = await this.checkIns.releaseDue(tx, cutoff, now, RELEASE_BATCH, site.id);
          // The system released them: no actor.
          await AuditTrail.recordMany(
            tx.manager,
            freed.map((f) => ({
              actorId: null,
              action: 'booking.released',
              entity: 'booking',
              entityId: f.bookingId,
              data: {
                room_number: f.roomNumber,
                date: f.date,
                start_hour: f.startHour,
                end_hour: f.endHour,
              },
            })),
          );
          await Outbox.enqueue(
            tx.manager,
            'booking.released',
            freed.map((b) => bookingChangedData(b, { released_at: now.toISOString() })),
          );
          await this.hoursFreed.notify(tx, freed);
          return freed.length;
        },
        { retries: 2 },
      );
      released += batch;
      if (batch < RELEASE_BATCH) return released;
    }
  }
}
