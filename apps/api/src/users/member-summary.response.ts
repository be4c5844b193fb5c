import { ApiProperty } from '@nestjs/swagger';
import { isChildAge } from '@app/core';
import { MemberRow } from '@app/users';

/** What a non-admin sees of other members: no age, no gender. */
export class MemberSummaryResponse {
  @ApiProperty({ example: 8 }) id!: number;
  @ApiProperty({ example: 'Grace Hopper' }) name!: string;
  @ApiProperty({ description: 'Under 10: counted in headcount, never takes a seat' })
  is_child!: boolean;

  static from(member: MemberRow): MemberSummaryResponse {
    return { id: member.id, name: member.name, is_child: isChildAge(member.age) };
  }
}
