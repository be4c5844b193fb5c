import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class TokenRequest {
  @ApiProperty({ example: 'ada' })
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  username!: string;

  @ApiProperty({ example: 'correct-horse-battery' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class RefreshRequest {
  @ApiProperty({ description: 'A refresh token from /api/token/ or a previous refresh' })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  refresh!: string;
}
