import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const SITE_CODE_PATTERN = /^[A-Z0-9-]{1,10}$/;
export const SITE_CODE_MESSAGE = 'site must be a site code: 1 to 10 of A-Z, 0-9 and -';
export const SITE_CODE_DOC = {
  example: 'HQ',
  minLength: 1,
  maxLength: 10,
  pattern: '^[A-Z0-9-]{1,10}$',
  description:
    'A site code. Omitted: the only site; with several, the caller’s home_site, else 400 SITE_REQUIRED',
};

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ListRoomsQuery {
  @ApiPropertyOptional({ ...SITE_CODE_DOC, description: 'Only the rooms of this site (a code)' })
  @IsOptional()
  @IsString()
  @Matches(SITE_CODE_PATTERN, { message: SITE_CODE_MESSAGE })
  site?: string;
}

const CODE_DOC = { example: 'PAR', pattern: '^[A-Z0-9-]{1,10}$', minLength: 1, maxLength: 10 };
const CODE_MESSAGE = 'code must be 1 to 10 of A-Z, 0-9 and - (upper case)';
const ZONE_DOC = {
  example: 'Europe/Paris',
  maxLength: 64,
  description: 'An IANA time zone; every time rule of the site’s bookings is judged in it',
};

export class CreateSiteRequest {
  @ApiProperty(CODE_DOC)
  @IsString()
  @Matches(SITE_CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;

  @ApiProperty({ example: 'Paris office', minLength: 1, maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(100)
  name!: string;

  @ApiProperty(ZONE_DOC)
  @IsString()
  @MaxLength(64)
  timezone!: string;
}

export class UpdateSiteRequest {
  @ApiPropertyOptional(CODE_DOC)
  @IsOptional()
  @IsString()
  @Matches(SITE_CODE_PATTERN, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional({ example: 'Paris, Rue de Rivoli', minLength: 1, maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional(ZONE_DOC)
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timezone?: string;
}
