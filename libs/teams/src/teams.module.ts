import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TeamMember } from './entities/team-member.entity';
import { Team } from './entities/team.entity';
import { TeamsRepository } from './teams.repository';
import { TeamsService } from './teams.service';

export const teamEntities = [Team, TeamMember];

@Module({
  imports: [TypeOrmModule.forFeature(teamEntities)],
  providers: [TeamsService, TeamsRepository],
  exports: [TeamsService],
})
export class TeamsModule {}
