import { ApiProperty } from '@nestjs/swagger';
import { isChildAge } from '@app/core';
import { GENDERS, Gender, Member } from '@app/users';

export class MemberResponse {
  @ApiProperty({ example: 7 }) id!: number;
  @ApiProperty({ example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ example: 36 }) age!: number;
  @ApiProperty({ enum: GENDERS, example: 'F' }) gender!: Gender;
  @ApiProperty({ description: 'Under 10: counted in headcount, never takes a seat' })
  is_child!: boolean;

  static from(member: Pick<Member, 'id' | 'name' | 'age' | 'gender'>): MemberResponse {
    return {
      id: member.id,
      name: member.name,
      age: member.age,
      gender: member.gender,
      is_child: isChildAge(member.age),
    };
  }
}
