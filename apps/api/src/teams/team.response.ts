import { ApiProperty } from '@nestjs/swagger';
import { TeamView, teamAdultCount, teamSize } from '@app/teams';
import { MemberResponse } from '../users/member.response';

export class TeamResponse {
  @ApiProperty({ example: 4 }) id!: number;
  @ApiProperty({ example: 'Platform' }) name!: string;
  @ApiProperty({ type: MemberResponse, isArray: true }) members!: MemberResponse[];
  @ApiProperty({ type: 'integer', isArray: true, example: [3, 5, 8] }) member_ids!: number[];
  @ApiProperty({ example: 3, description: 'Everyone, children included' }) size!: number;
  @ApiProperty({ example: 2, description: 'Members aged 10 or more' }) adult_count!: number;
  @ApiProperty({ example: '2026-11-25T09:00:00.000Z' }) created_at!: string;

  static from(team: TeamView): TeamResponse {
    return {
      id: team.id,
      name: team.name,
      members: team.members.map((member) => MemberResponse.from(member)),
      member_ids: team.members.map((member) => member.id),
      size: teamSize(team),
      adult_count: teamAdultCount(team),
      created_at: team.createdAt.toISOString(),
    };
  }
}
