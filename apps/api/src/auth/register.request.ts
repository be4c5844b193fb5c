import { ApiProperty } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { GENDERS, Gender, MAX_PASSWORD_LENGTH } from '@app/users';

export class RegisterRequest {
  @ApiProperty({ example: 'ada', maxLength: 150, pattern: '^[\\w.@+-]+$' })
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  @Matches(/^[\w.@+-]+$/, { message: 'username may contain only letters, digits and @/./+/-/_' })
  username!: string;

  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email!: string;

  @ApiProperty({ example: 'correct-horse-battery', minLength: 8, maxLength: MAX_PASSWORD_LENGTH })
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;

  @ApiProperty({ example: 'correct-horse-battery' })
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password_confirm!: string;

  @ApiProperty({ example: 'Ada Lovelace', maxLength: 100 })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: 36, minimum: 0, maximum: 150 })
  @IsInt()
  @Min(0)
  @Max(150)
  age!: number;

  @ApiProperty({ enum: GENDERS, example: 'F' })
  @IsIn(GENDERS)
  gender!: Gender;
}
