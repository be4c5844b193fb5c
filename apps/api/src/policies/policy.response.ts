import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BookingPolicies, PolicyLimits, WEEKDAY_CODES } from '@app/bookings';

export class PolicyLimitsResponse {
  @ApiProperty({ type: 'integer', nullable: true, example: 6 })
  max_hours_per_day!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 20 })
  max_hours_per_week!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 10 })
  max_active_bookings!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 60 })
  min_notice_min!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 30 })
  cancel_cutoff_min!: number | null;
  @ApiProperty({
    type: 'string',
    enum: [...WEEKDAY_CODES],
    isArray: true,
    nullable: true,
    example: ['MO', 'TU', 'WE', 'TH', 'FR'],
    description: 'Days that can be booked, Monday first; null: every day',
  })
  open_weekdays!: string[] | null;

  static from(limits: PolicyLimits): PolicyLimitsResponse {
    return {
      max_hours_per_day: limits.maxHoursPerDay,
      max_hours_per_week: limits.maxHoursPerWeek,
      max_active_bookings: limits.maxActiveBookings,
      min_notice_min: limits.minNoticeMin,
      cancel_cutoff_min: limits.cancelCutoffMin,
      open_weekdays: limits.openWeekdays && limits.openWeekdays.map((d) => WEEKDAY_CODES[d - 1]),
    };
  }
}

export class PoliciesByRoomTypeResponse {
  @ApiProperty({ type: PolicyLimitsResponse }) PRIVATE!: PolicyLimitsResponse;
  @ApiProperty({ type: PolicyLimitsResponse }) CONFERENCE!: PolicyLimitsResponse;
  @ApiProperty({ type: PolicyLimitsResponse }) SHARED_DESK!: PolicyLimitsResponse;
}

export class PoliciesResponse extends PolicyLimitsResponse {
  @ApiProperty({ type: PoliciesByRoomTypeResponse })
  by_room_type!: PoliciesByRoomTypeResponse;

  @ApiPropertyOptional({
    example: 'HQ',
    description: "Present when the document is a site's (asked with site); absent: the company's",
  })
  site?: string;

  static fromPolicies(policies: BookingPolicies): PoliciesResponse {
    return {
      ...(policies.site === undefined ? {} : { site: policies.site }),
      ...PolicyLimitsResponse.from(policies.all),
      by_room_type: {
        PRIVATE: PolicyLimitsResponse.from(policies.byRoomType.PRIVATE),
        CONFERENCE: PolicyLimitsResponse.from(policies.byRoomType.CONFERENCE),
        SHARED_DESK: PolicyLimitsResponse.from(policies.byRoomType.SHARED_DESK),
      },
    };
  }
}
