import { Module } from '@nestjs/common';
import { BookingsModule } from '@app/bookings';
import { PoliciesController } from './policies.controller';

@Module({
  imports: [BookingsModule],
  controllers: [PoliciesController],
})
export class PoliciesHttpModule {}
