import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { GENDERS, Gender } from '@app/users';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A profile without an account (walk-in, child). */
export class CreateMemberRequest {
  @ApiProperty({ example: 'Grace Hopper', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: 7, minimum: 0, maximum: 150 })
  @IsInt()
  @Min(0)
  @Max(150)
  age!: number;

  @ApiProperty({ enum: GENDERS, example: 'F' })
  @IsIn(GENDERS)
  gender!: Gender;
}

/** Any of name, age, gender; nothing else (role and unknown fields are a 400). */
export class UpdateMemberRequest extends PartialType(CreateMemberRequest, {
  // Absent fields are optional; null is a 400, not "leave unchanged".
  skipNullProperties: false,
}) {}
