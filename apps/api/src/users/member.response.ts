import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isChildAge } from '@app/core';
import { GENDERS, Gender, LoginView, Member, ROLES, Role } from '@app/users';

export class MemberResponse {
  @ApiProperty({ example: 7 }) id!: number;
  @ApiProperty({ example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ example: 36 }) age!: number;
  @ApiProperty({ enum: GENDERS, example: 'F' }) gender!: Gender;
  @ApiProperty({ description: 'Under 10: counted in headcount, never takes a seat' })
  is_child!: boolean;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'HQ',
    description:
      'Code of the site a booking request without `site` means when there are several; null ' +
      'until set. Absent while unset in a single-site workspace (its answers stay as they were).',
  })
  home_site?: string | null;

  static from(
    member: Pick<Member, 'id' | 'name' | 'age' | 'gender'> & { homeSite?: string | null },
  ): MemberResponse {
    return {
      id: member.id,
      name: member.name,
      age: member.age,
      gender: member.gender,
      is_child: isChildAge(member.age),
      ...(member.homeSite !== undefined ? { home_site: member.homeSite } : {}),
    };
  }
}

export class LoginResponse {
  @ApiProperty({ example: 'grace' }) username!: string;
  @ApiProperty({ example: 'grace@example.com' }) email!: string;
  @ApiProperty({ enum: ROLES, example: 'user' }) role!: Role;
  @ApiProperty({ example: true }) is_active!: boolean;

  static from(login: LoginView): LoginResponse {
    return {
      username: login.username,
      email: login.email,
      role: login.role,
      is_active: login.isActive,
    };
  }
}

/** Member JSON with the member's login, answered where a request concerned the login. */
export class MemberWithLoginResponse extends MemberResponse {
  @ApiProperty({ type: LoginResponse }) login!: LoginResponse;
}

export class CreatedMemberWithLoginResponse extends MemberWithLoginResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'http://localhost:3000/set-password?token=Jk2f...',
    description:
      'Only when no password was given: a one-time link valid 72 h; its `token` is what ' +
      'POST /api/v1/password/set/ takes. Shown once.',
  })
  set_password_url!: string | null;
}
