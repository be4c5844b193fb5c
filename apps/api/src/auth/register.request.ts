import { ApiProperty } from '@nestjs/swagger';
import {
  IsEmail,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { MAX_PASSWORD_LENGTH } from '@app/users';
import { CreateMemberRequest } from '../users/member.request';

@ValidatorConstraint({ name: 'equalsPassword' })
class EqualsPassword implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return value === (args.object as { password?: unknown }).password;
  }

  defaultMessage(): string {
    return "Password fields didn't match";
  }
}

/** An account and its member profile: the profile's fields (name, age, gender) plus credentials. */
export class RegisterRequest extends CreateMemberRequest {
  @ApiProperty({ example: 'grace', maxLength: 150, pattern: '^[\\w.@+-]+$' })
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  @Matches(/^[\w.@+-]+$/, { message: 'username may contain only letters, digits and @/./+/-/_' })
  username!: string;

  @ApiProperty({ example: 'grace@example.com', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email!: string;

  @ApiProperty({ example: 'correct-horse-battery', minLength: 8, maxLength: MAX_PASSWORD_LENGTH })
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;

  @ApiProperty({ example: 'correct-horse-battery', description: 'Must equal password' })
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  @Validate(EqualsPassword)
  password_confirm!: string;
}
