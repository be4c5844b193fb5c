import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { GENDERS, Gender, MAX_PASSWORD_LENGTH, ROLES, Role } from '@app/users';

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

/** Validate the field when it is in the body at all: null is refused, not skipped. */
const given = (key: string) => (o: Record<string, unknown>) => o[key] !== undefined;

const hasLogin = (o: Record<string, unknown>) =>
  ['username', 'email', 'password', 'role'].some((key) => o[key] !== undefined);

/** An admin creates a profile, and with `username` and `email` a login for it too. */
export class AdminCreateMemberRequest extends CreateMemberRequest {
  @ApiPropertyOptional({
    example: 'grace',
    maxLength: 150,
    pattern: '^[\\w.@+-]+$',
    description: 'With email: the member gets a login',
  })
  @ValidateIf(hasLogin)
  @IsDefined({ message: 'username is required to create a login' })
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  @Matches(/^[\w.@+-]+$/, { message: 'username may contain only letters, digits and @/./+/-/_' })
  username?: string;

  @ApiPropertyOptional({ example: 'grace@example.com', maxLength: 254 })
  @ValidateIf(hasLogin)
  @IsDefined({ message: 'email is required to create a login' })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email?: string;

  @ApiPropertyOptional({
    example: 'Tr0ub4dor&3-horse',
    maxLength: MAX_PASSWORD_LENGTH,
    description: 'Omitted: the answer carries a one-time set_password_url valid 72 h',
  })
  @ValidateIf(given('password'))
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password?: string;

  @ApiPropertyOptional({ enum: ROLES, default: 'user' })
  @ValidateIf(given('role'))
  @IsIn(ROLES)
  role?: Role;
}

/** Profile fields, and for a member with a login its role and whether it may sign in. */
export class AdminUpdateMemberRequest extends UpdateMemberRequest {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'HQ',
    pattern: '^[A-Z0-9-]{1,10}$',
    description:
      'A site code, or null to clear it. The only field a member may set on their own record.',
  })
  @ValidateIf((o: Record<string, unknown>) => o.home_site !== undefined && o.home_site !== null)
  @IsString()
  @Matches(/^[A-Z0-9-]{1,10}$/, { message: 'home_site must be a site code (1-10 of A-Z, 0-9, -)' })
  home_site?: string | null;

  @ApiPropertyOptional({
    enum: ROLES,
    description: 'Members with a login only; demoting the last active admin is 409 LAST_ADMIN',
  })
  @ValidateIf(given('role'))
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({
    description:
      'false: the login can no longer sign in (members with a login only; the last active admin: 409 LAST_ADMIN)',
  })
  @ValidateIf(given('is_active'))
  @IsBoolean()
  is_active?: boolean;
}
