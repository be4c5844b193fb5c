import { Module } from '@nestjs/common';
import { TeamsModule } from '@app/teams';
import { TeamsController } from './teams.controller';

@Module({
  imports: [TeamsModule],
  controllers: [TeamsController],
})
export class TeamsHttpModule {}
