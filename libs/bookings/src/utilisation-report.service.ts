import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { READ_DATABASE, ReadDatabase } from '@app/database';
import type { RoomType } from './allocation.policy';
import { UTILISATION_BY_ROOM_SQL } from './utilisation.sql';
import {
  OPEN_HOURS_PER_DAY,
  RoomUtilisation,
  UtilisationReport,
  checkReportRange,
  totalsByRoomType,
  utilisationRatio,
} from './utilisation.policy';

const REPORT_ROOM_TYPES: readonly RoomType[] = ['PRIVATE', 'CONFERENCE', 'SHARED_DESK'];

type UtilisationRow = {
  room_id: number;
  room_number: string;
  room_type: RoomType;
  bookable_hours: number;
  booked_hours: number;
  checked_in_hours: number;
  released_hours: number;
  cancelled_hours: number;
};

/**
 * Bookable, booked, checked-in, released and cancelled hours per active room and per room
 * type over a date range: one SQL statement on the read database whatever the range.
 */
@Injectable()
export class UtilisationReportService {
  constructor(
    @Inject(READ_DATABASE) private readonly read: ReadDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async utilisation(from: string, to: string, roomType?: RoomType): Promise<UtilisationReport> {
    checkReportRange(from, to);
    const rows: UtilisationRow[] = await this.read.run((manager) =>
      manager.query(UTILISATION_BY_ROOM_SQL, [
        from,
        to,
        roomType ?? null,
        this.config.workspaceTimezone,
        OPEN_HOURS_PER_DAY,
      ]),
    );
    const rooms = rows.map((row): RoomUtilisation => ({
      roomId: row.room_id,
      roomNumber: row.room_number,
      roomType: row.room_type,
      bookableHours: row.bookable_hours,
      bookedHours: row.booked_hours,
      checkedInHours: row.checked_in_hours,
      releasedHours: row.released_hours,
      cancelledHours: row.cancelled_hours,
      utilisation: utilisationRatio(row.booked_hours, row.bookable_hours),
    }));
    const types = roomType ? [roomType] : REPORT_ROOM_TYPES;
    return { from, to, rooms, roomTypes: totalsByRoomType(rooms, types) };
  }
}
