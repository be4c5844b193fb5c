import { ApiProperty } from '@nestjs/swagger';
import { ROLES, Role } from '@app/users';
import type { AccountWithMember } from '@app/users';
import { MemberResponse } from '../users/member.response';

export class TokenPairResponse {
  @ApiProperty({ description: 'Access JWT (Bearer), 1 h by default' }) access!: string;
  @ApiProperty({ description: 'Refresh JWT, 7 d by default; rotates on use' }) refresh!: string;
}

export class AccountResponse {
  @ApiProperty({ example: 7, description: 'Same as profile.id' }) id!: number;
  @ApiProperty({ example: 'ada' }) username!: string;
  @ApiProperty({ example: 'ada@example.com' }) email!: string;
  @ApiProperty({ enum: ROLES, example: 'user' }) role!: Role;
  @ApiProperty({ type: MemberResponse }) profile!: MemberResponse;

  static from({ account, member }: AccountWithMember): AccountResponse {
    return {
      id: account.id,
      username: account.username,
      email: account.email,
      role: account.role,
      profile: MemberResponse.from(member),
    };
  }
}

export class RegisterResponse extends TokenPairResponse {
  @ApiProperty({ example: 'Registration successful!' }) message!: string;
  @ApiProperty({ type: AccountResponse }) user!: AccountResponse;
}

export class PasswordResponse {
  @ApiProperty({ example: 'Password set; you can log in now' }) message!: string;
}

export class LogoutResponse {
  @ApiProperty({ example: 'Successfully logged out' }) message!: string;
}
