import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@app/core';
import { WAITLIST_STATUSES, WaitlistStatus } from '@app/waitlist';

export class ListWaitlistQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    example: 1,
    description: 'From 1; past the last page is a 404',
  })
  @IsOptional()
  page?: unknown;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    example: 10,
    description: `Default ${DEFAULT_PAGE_SIZE}; larger than ${MAX_PAGE_SIZE} is capped`,
  })
  @IsOptional()
  page_size?: unknown;

  @ApiPropertyOptional({ enum: WAITLIST_STATUSES })
  @IsOptional()
  @IsIn(WAITLIST_STATUSES)
  status?: WaitlistStatus;
}
