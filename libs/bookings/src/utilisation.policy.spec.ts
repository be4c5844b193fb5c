import { DomainError } from '@app/core';
import {
  RoomUtilisation,
  checkReportRange,
  totalsByRoomType,
  utilisationRatio,
} from './utilisation.policy';

describe('utilisation policy', () => {
  it.each([
    [0, 0, 0],
    [5, 0, 0],
    [0, 61, 0],
    [5, 61, 0.082],
    [1, 3, 0.333],
    [2, 3, 0.667],
    [61, 61, 1],
    [70, 61, 1],
  ])('booked %i of %i bookable is %d', (booked, bookable, ratio) => {
    expect(utilisationRatio(booked, bookable)).toBe(ratio);
  });

  it.each([
    ['2030-01-01', '2030-01-01'],
    ['2032-01-01', '2032-12-31'],
    ['2030-01-01', '2031-01-01'],
  ])('accepts %s..%s', (from, to) => {
    expect(() => checkReportRange(from, to)).not.toThrow();
  });

  it.each([
    ['2030-01-02', '2030-01-01', 'to'],
    ['2030-01-01', '2031-01-02', 'to'],
    ['2030-02-30', '2030-03-01', 'from'],
    ['2030-01-01', '2030-1-2', 'to'],
  ])('refuses %s..%s naming %s', (from, to, field) => {
    const refusal = (() => {
      try {
        checkReportRange(from, to);
        return null;
      } catch (error) {
        return error as DomainError;
      }
    })();
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal?.code).toBe('VALIDATION_FAILED');
    expect(refusal?.fieldErrors?.[0].field).toBe(field);
  });

  it('sums the rooms of each type, in the order given, a type without rooms as zeros', () => {
    const room = (roomType: RoomUtilisation['roomType'], booked: number): RoomUtilisation => ({
      roomId: 1,
      roomNumber: 'X',
      roomType,
      bookableHours: 10,
      bookedHours: booked,
      checkedInHours: 1,
      releasedHours: 0,
      cancelledHours: 2,
      utilisation: 0,
    });
    const totals = totalsByRoomType(
      [room('PRIVATE', 3), room('SHARED_DESK', 5), room('PRIVATE', 4)],
      ['PRIVATE', 'CONFERENCE', 'SHARED_DESK'],
    );
    expect(totals.map((t) => [t.roomType, t.bookableHours, t.bookedHours, t.utilisation])).toEqual([
      ['PRIVATE', 20, 7, 0.35],
      ['CONFERENCE', 0, 0, 0],
      ['SHARED_DESK', 10, 5, 0.5],
    ]);
    expect(totals[0]).toMatchObject({
      roomId: null,
      roomNumber: null,
      checkedInHours: 2,
      cancelledHours: 4,
    });
  });
});
