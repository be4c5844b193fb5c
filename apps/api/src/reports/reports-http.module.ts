import { Module } from '@nestjs/common';
import { BookingsModule } from '@app/bookings';
import { ReportsController } from './reports.controller';

@Module({
  imports: [BookingsModule],
  controllers: [ReportsController],
})
export class ReportsHttpModule {}
