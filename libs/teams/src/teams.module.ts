import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Team } from './entities/team.entity';
import { TeamsRepository } from './teams.repository';
import { TeamsService } from './teams.service';

export const teamEntities = [Team];

@Module({
  imports: [TypeOrmModule.forFeature(teamEntities)],
  providers: [TeamsService, TeamsRepository],
  exports: [TeamsService],
})
export class TeamsModule {}
