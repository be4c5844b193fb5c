import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import { ID_SCHEMA } from '../http/id.param';

export const MAX_TEAM_MEMBERS = 100;

export class CreateTeamRequest {
  @ApiProperty({ example: 'Platform', maxLength: 100, description: 'Unique, case-insensitively' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(100)
  name!: string;

  @ApiProperty({
    type: 'array',
    items: { ...ID_SCHEMA },
    example: [3, 5, 8],
    description: 'Member ids; unknown or deleted ids are a 400 naming them',
    maxItems: MAX_TEAM_MEMBERS,
  })
  @IsArray()
  @ArrayMaxSize(MAX_TEAM_MEMBERS)
  @ArrayUnique({ message: 'member_ids must not contain duplicates' })
  @IsInt({ each: true, message: 'each of member_ids must be an integer' })
  @Min(1, { each: true, message: 'each of member_ids must be a positive integer' })
  @Max(2_147_483_647, { each: true, message: 'each of member_ids must be a valid id' })
  member_ids!: number[];
}

/** name and/or member_ids; member_ids replaces the whole membership. */
export class UpdateTeamRequest extends PartialType(CreateTeamRequest, {
  // Absent fields are optional; null is a 400, not "leave unchanged".
  skipNullProperties: false,
}) {}
