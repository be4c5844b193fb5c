import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyRecord } from './entities/idempotency-record.entity';
import { IdempotencyKeys } from './idempotency-keys.service';

export const idempotencyEntities = [IdempotencyRecord];

/** Idempotency keys for use cases; the API process adds ExpiredAnswersSweep. */
@Module({
  imports: [TypeOrmModule.forFeature(idempotencyEntities)],
  providers: [IdempotencyKeys],
  exports: [IdempotencyKeys],
})
export class IdempotencyModule {}
