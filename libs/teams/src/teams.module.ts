import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Team } from './entities/team.entity';

export const teamEntities = [Team];

@Module({
  imports: [TypeOrmModule.forFeature(teamEntities)],
  providers: [],
  exports: [],
})
export class TeamsModule {}
