import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ExpiredAnswersSweep, IdempotencyModule } from '@app/idempotency';
import { ProblemDetailsFilter } from './problem-details.filter';
import { createValidationPipe } from './validation';

/** The HTTP edge shared by every controller: validation, error shape, idempotency keys. */
@Module({
  imports: [IdempotencyModule],
  providers: [
    ExpiredAnswersSweep,
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class HttpEdgeModule {}
