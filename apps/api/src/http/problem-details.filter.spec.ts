import { BadRequestException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { DomainError } from '@app/core';
import { ProblemDetailsFilter } from './problem-details.filter';

const request = { url: '/api/v1/bookings/?page=2', method: 'POST' };

describe('ProblemDetailsFilter.toProblem', () => {
  const filter = new ProblemDetailsFilter();
  beforeAll(() => {
    // The 500 path logs the stack by design; keep test output clean.
    jest.spyOn(filter['logger'], 'error').mockImplementation(() => undefined);
  });

  it('maps a domain error through the status table, error repeating detail', () => {
    const body = filter.toProblem(
      new DomainError('SLOT_TAKEN', 'No available room for the selected slot and type.'),
      request,
    );
    expect(body).toEqual({
      type: 'https://workspace-booking.dev/problems/slot-taken',
      title: 'Conflict',
      status: 409,
      detail: 'No available room for the selected slot and type.',
      error: 'No available room for the selected slot and type.',
      code: 'SLOT_TAKEN',
      instance: '/api/v1/bookings/',
    });
  });

  it('keeps field errors of a validation failure', () => {
    const errors = [{ field: 'age', message: 'age must not be less than 0' }];
    const body = filter.toProblem(
      new DomainError('VALIDATION_FAILED', 'age must not be less than 0', errors),
      request,
    );
    expect(body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors });
  });

  it.each([
    [new BadRequestException('bad'), 400, 'MALFORMED_REQUEST'],
    [new ForbiddenException(), 403, 'FORBIDDEN'],
    [new NotFoundException('Cannot GET /x'), 404, 'NOT_FOUND'],
    [new ThrottlerException(), 429, 'RATE_LIMITED'],
    [
      Object.assign(new Error('Unexpected end of JSON input'), { statusCode: 400 }),
      400,
      'MALFORMED_REQUEST',
    ],
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      503,
      'DATABASE_UNAVAILABLE',
    ],
    [
      Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      }),
      503,
      'DATABASE_UNAVAILABLE',
    ],
    [
      Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' }),
      503,
      'BUSY',
    ],
    [Object.assign(new Error('deadlock detected'), { code: '40P01' }), 503, 'BUSY'],
  ])('maps %p to %i %s', (exception, status, code) => {
    expect(filter.toProblem(exception, request)).toMatchObject({ status, code });
  });

  it('answers anything unexpected with a bare 500: no message, no stack', () => {
    const body = filter.toProblem(
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      request,
    );
    expect(body).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
      detail: 'Internal server error',
    });
    expect(JSON.stringify(body)).not.toMatch(/reading 'id'|TypeError|\.ts:\d+/);
  });
});
