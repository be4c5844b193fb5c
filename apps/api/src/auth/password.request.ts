import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH } from '@app/users';

/**
 * The set-password token of the examples: the data the OpenAPI examples test sets up holds a
 * set_password_url of this token (test/support/openapi-example-data.ts).
 */
export const EXAMPLE_SET_PASSWORD_TOKEN = 'ExampleSetPasswordToken-0123456789abcdefghi';

export class SetPasswordRequest {
  @ApiProperty({
    description: 'The token of a set_password_url (43 characters)',
    example: EXAMPLE_SET_PASSWORD_TOKEN,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;

  @ApiProperty({ example: 'violet-staple-orbit-42', maxLength: MAX_PASSWORD_LENGTH })
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;
}

export class ChangePasswordRequest {
  @ApiProperty({ example: 'Tr0ub4dor&3-horse' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PASSWORD_LENGTH)
  current_password!: string;

  @ApiProperty({ example: 'staple-battery-horse-correct', maxLength: MAX_PASSWORD_LENGTH })
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  new_password!: string;
}
