import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Member } from '@app/users';
import { Team } from './team.entity';

/** Current membership of a team; a deleted member leaves every team. */
@Entity({ name: 'team_members' })
@Index('team_members_member_idx', ['memberId'])
export class TeamMember {
  @PrimaryColumn({ name: 'team_id', type: 'integer', primaryKeyConstraintName: 'team_members_pk' })
  teamId!: number;

  @PrimaryColumn({
    name: 'member_id',
    type: 'integer',
    primaryKeyConstraintName: 'team_members_pk',
  })
  memberId!: number;

  @ManyToOne(() => Team, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'team_members_team_fk' })
  team!: Team;

  @ManyToOne(() => Member, { nullable: false })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'team_members_member_fk' })
  member!: Member;
}
