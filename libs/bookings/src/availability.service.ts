import { Inject, Injectable } from '@nestjs/common';
import { READ_DATABASE, ReadDatabase } from '@app/database';
import { APP_CONFIG, AppConfig, CLOCK, Clock, localMoment } from '@app/core';
import { SitesService, SiteView } from '@app/rooms';
import { RoomType } from './allocation.policy';
import {
  HourAvailability,
  RoomAvailability,
  claimIndex,
  closedAt,
  dayAvailability,
  freeRoomsAt,
} from './availability';
import { AvailabilityRepository, RoomRecord } from './booking.repository';
import { assertCalendarDate, isBookableHour, parseStartHour } from './hour-range';

/**
 * Free rooms for an hour or a whole day, from three queries (active rooms, claim counts
 * grouped by room and hour, the day's closures) whatever the number of rooms. Hours that have
 * begun, lie beyond the booking horizon or are closed have nothing free.
 */
@Injectable()
export class AvailabilityService {
  constructor(
    @Inject(READ_DATABASE) private readonly read: ReadDatabase,
    private readonly availability: AvailabilityRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sites: SitesService,
  ) {}

  /** `where`: the site asked for (a code) and who asks (their home site when there are several). */
  async findAvailableRooms(
    date: string,
    timeSlot: string,
    roomType: RoomType | undefined,
    where: { site?: string; memberId: number },
  ): Promise<{ date: string; hour: number; rooms: RoomAvailability<RoomRecord>[] }> {
    assertCalendarDate(date);
    const hour = parseStartHour(timeSlot);
    const site = await this.sites.siteForRequest(where.site, where.memberId);
    if (!this.isBookable(date, site)(hour)) return { date, hour, rooms: [] };
    const [rooms, claims, closures] = await this.read.run((manager) =>
      Promise.all([
        this.availability.findRooms(manager, site.id, roomType),
        this.availability.countClaims(manager, site.id, date, hour),
        this.availability.findClosures(manager, site.id, date),
      ]),
    );
    return {
      date,
      hour,
      rooms: freeRoomsAt(rooms, claimIndex(claims), hour, closedAt(closures)),
    };
  }

  async getDayAvailability(
    date: string,
    roomType: RoomType | undefined,
    where: { site?: string; memberId: number },
  ): Promise<HourAvailability[]> {
    assertCalendarDate(date);
    const site = await this.sites.siteForRequest(where.site, where.memberId);
    const [rooms, claims, closures] = await this.read.run((manager) =>
      Promise.all([
        this.availability.findRooms(manager, site.id, roomType),
        this.availability.countClaims(manager, site.id, date),
        this.availability.findClosures(manager, site.id, date),
      ]),
    );
    return dayAvailability(
      rooms,
      claimIndex(claims),
      this.isBookable(date, site),
      closedAt(closures),
    );
  }

  /** Hours that have begun are judged in the site's zone. */
  private isBookable(date: string, site: SiteView): (hour: number) => boolean {
    const now = localMoment(this.clock.now(), site.timezone);
    return (hour) => isBookableHour(date, hour, now, this.config.bookingHorizonDays);
  }
}
