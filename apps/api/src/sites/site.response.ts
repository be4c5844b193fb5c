import { ApiProperty } from '@nestjs/swagger';
import { SiteView } from '@app/rooms';

export class SiteResponse {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: 'HQ' }) code!: string;
  @ApiProperty({ example: 'Headquarters' }) name!: string;
  @ApiProperty({
    example: 'Europe/Paris',
    description: 'IANA zone; HQ follows WORKSPACE_TIMEZONE until one is set',
  })
  timezone!: string;
  @ApiProperty({ example: '2026-11-25T09:00:00.000Z' }) created_at!: string;

  static from(site: SiteView): SiteResponse {
    return {
      id: site.id,
      code: site.code,
      name: site.name,
      timezone: site.timezone,
      created_at: site.createdAt.toISOString(),
    };
  }
}
