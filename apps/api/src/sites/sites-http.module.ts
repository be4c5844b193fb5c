import { Module } from '@nestjs/common';
import { RoomsModule } from '@app/rooms';
import { SitesController } from './sites.controller';

@Module({
  imports: [RoomsModule],
  controllers: [SitesController],
})
export class SitesHttpModule {}
