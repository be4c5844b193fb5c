import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuthModule } from '@app/auth';
import { ExpiredAnswersSweep, IdempotencyModule } from '@app/idempotency';
import { PageCursors } from './page-cursors';
import { ProblemDetailsFilter } from './problem-details.filter';
import { createValidationPipe } from './validation';

/**
 * The HTTP edge shared by every controller: validation, error shape, idempotency keys, page
 * cursors (global, for every list's controller).
 */
@Global()
@Module({
  imports: [IdempotencyModule, AuthModule],
  providers: [
    PageCursors,
    ExpiredAnswersSweep,
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
  exports: [PageCursors],
})
export class HttpEdgeModule {}
