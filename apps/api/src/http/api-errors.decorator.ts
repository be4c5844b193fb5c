import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  type ExampleObject,
  type OpenAPIObject,
  type OperationObject,
  type ResponseObject,
} from '@nestjs/swagger';
import { DomainErrorCode } from '@app/core';
import { PROBLEM_CONTENT_TYPE, problem } from './problem-details';
import { EXAMPLE_DETAIL } from './problem-examples';
import { STATUS_BY_CODE, titleOf } from './status-by-code';

class FieldErrorSchema {
  @ApiProperty({ example: 'age' }) field!: string;
  @ApiProperty({ example: 'age must not be less than 0' }) message!: string;
  @ApiPropertyOptional({
    example: 'SLOT_TAKEN',
    description: "SERIES_CONFLICT: the code the date's single booking would have had",
  })
  code?: string;
}

/** RFC 9457 problem details, as every error response carries them. */
export class ProblemResponse {
  @ApiProperty({ example: 'https://workspace-booking.dev/problems/slot-taken' }) type!: string;
  @ApiProperty({ example: 'Conflict' }) title!: string;
  @ApiProperty({ type: 'integer', example: 409 }) status!: number;
  @ApiProperty({ example: 'No available room for the selected slot and type.' }) detail!: string;
  @ApiProperty({
    example: 'SLOT_TAKEN',
    description: 'Stable UPPER_SNAKE error code; each response lists the codes it can carry',
  })
  code!: string;
  @ApiProperty({ description: 'Same as detail (kept for clients of the original service)' })
  error!: string;
  @ApiPropertyOptional({ example: '/api/v1/bookings/' }) instance?: string;
  @ApiPropertyOptional({ type: FieldErrorSchema, isArray: true }) errors?: FieldErrorSchema[];
}

/** Codes most routes share; spread them into @ApiErrors beside the route's own codes. */
export const ERRORS = {
  /** Behind the global JWT guard (every route without @Public()). */
  auth: ['UNAUTHENTICATED', 'INVALID_TOKEN'],
  /** @Roles('admin'), for a caller who is not one. */
  admin: ['FORBIDDEN'],
  /** A JSON body, a validated query or an id in the path. */
  input: ['VALIDATION_FAILED', 'MALFORMED_REQUEST'],
  /** Takes row locks: a lock wait beyond DB_LOCK_TIMEOUT_MS, or the database gone. */
  database: ['BUSY', 'DATABASE_UNAVAILABLE'],
  /**
   * What a booking request (single, series occurrence rule, waitlist entry) can be refused for
   * before any slot is judged: its hours, its party, who may book for whom, a named room.
   */
  bookingRequest: [
    'INVALID_TIME_SLOT',
    'SLOT_IN_PAST',
    'BEYOND_BOOKING_HORIZON',
    'INVALID_PARTY',
    'TEAM_TOO_SMALL',
    'TEAM_TOO_LARGE',
    'ROOM_TYPE_MISMATCH',
    'UNKNOWN_MEMBERS',
    'BOOKING_FORBIDDEN',
    'TEAM_NOT_FOUND',
    'ROOM_NOT_FOUND',
    'ROOM_CLOSED',
    'SITE_REQUIRED',
  ],
  /** Public auth routes behind the per-IP rate limit. */
  rateLimited: ['RATE_LIMITED'],
} as const satisfies Record<string, readonly DomainErrorCode[]>;

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (VALIDATION_FAILED with `errors`, or a rule violation)',
  401: 'Missing, invalid or expired access token',
  403: 'Not allowed for this role or not your resource',
  404: 'Not found',
  409: 'Conflict with the current state',
  422: 'The request cannot be processed as sent',
  429: 'Rate limited; see Retry-After',
  503: 'Database unavailable or busy; see Retry-After',
};

/** What one ApiErrors argument may be: a code, a bundle of codes, or (legacy) a bare status. */
export type ApiErrorSpec = DomainErrorCode | readonly DomainErrorCode[] | number;

const CODES_METADATA = 'booking:api-error-codes';
const ALL_CODES = Object.keys(STATUS_BY_CODE) as DomainErrorCode[];

/** A bare status stands for every code of that status; name the codes instead. */
function codesOf(specs: readonly ApiErrorSpec[]): DomainErrorCode[] {
  return specs.flatMap((spec) =>
    typeof spec === 'number'
      ? ALL_CODES.filter((code) => STATUS_BY_CODE[code] === spec)
      : typeof spec === 'string'
        ? [spec]
        : [...spec],
  );
}

/** The example body of a code, as the problem-details filter would send it. */
export function exampleProblem(code: DomainErrorCode) {
  const status = STATUS_BY_CODE[code];
  const detail = EXAMPLE_DETAIL[code] ?? DESCRIPTIONS[status] ?? titleOf(status);
  const errors = code === 'VALIDATION_FAILED' ? [{ field: 'age', message: detail }] : undefined;
  return problem(status, code, detail, { errors });
}

/** The problem+json content of one status: `code` narrowed to the route's codes, one example each. */
function problemContent(status: number, codes: readonly DomainErrorCode[]) {
  return {
    [PROBLEM_CONTENT_TYPE]: {
      schema: {
        allOf: [
          { $ref: '#/components/schemas/ProblemResponse' },
          {
            type: 'object',
            properties: {
              status: { type: 'integer', enum: [status] },
              code: { type: 'string', enum: [...codes] },
            },
          },
        ],
      },
      examples: Object.fromEntries(
        codes.map((code) => [code, { summary: code, value: exampleProblem(code) }]),
      ),
    },
  };
}

/**
 * Documents the problem+json errors a route can give, by code: each status it reaches gets a
 * response whose `code` is an enum of exactly those codes and one example per code (the status
 * comes from STATUS_BY_CODE). Repeated use on one route adds up, in any order:
 *
 *   @ApiErrors(ERRORS.auth, ERRORS.input, 'TEAM_NOT_FOUND', 'SLOT_TAKEN', ERRORS.database)
 */
export const ApiErrors =
  (...specs: ApiErrorSpec[]): MethodDecorator =>
  (target, key, descriptor) => {
    const method = descriptor.value as object;
    const before = (Reflect.getMetadata(CODES_METADATA, method) ?? []) as DomainErrorCode[];
    const codes = [...new Set([...before, ...codesOf(specs)])];
    Reflect.defineMetadata(CODES_METADATA, codes, method);
    ApiExtraModels(ProblemResponse)(target, key, descriptor);
    const statuses = [...new Set(codes.map((code) => STATUS_BY_CODE[code]))].sort((a, b) => a - b);
    const documented = new Set(before.map((code) => STATUS_BY_CODE[code]));
    for (const status of statuses) {
      ApiResponse({
        status,
        // A status documented by an earlier @ApiErrors keeps its description (Nest would append).
        description: documented.has(status) ? '' : (DESCRIPTIONS[status] ?? titleOf(status)),
        content: problemContent(
          status,
          codes.filter((code) => STATUS_BY_CODE[code] === status),
        ),
        // Drops a JSON schema another decorator gave the status (Terminus's 503): the problem
        // filter answers every error.
        schema: undefined,
      })(target, key, descriptor);
    }
    return descriptor;
  };

/**
 * Moves the problem examples into `components.examples`, one per code, and refers to them from
 * each response: the same example otherwise repeats on every route that can give its code.
 */
export function shareProblemExamples(document: OpenAPIObject): OpenAPIObject {
  const shared: Record<string, ExampleObject> = {};
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, unknown>)) {
      const responses = (operation as OperationObject | null)?.responses ?? {};
      for (const response of Object.values(responses) as ResponseObject[]) {
        const examples = response.content?.[PROBLEM_CONTENT_TYPE]?.examples ?? {};
        for (const [code, example] of Object.entries(examples)) {
          if ('$ref' in example) continue;
          shared[code] = example;
          examples[code] = { $ref: `#/components/examples/${code}` };
        }
      }
    }
  }
  const sorted = Object.fromEntries(Object.entries(shared).sort(([a], [b]) => a.localeCompare(b)));
  document.components = {
    ...document.components,
    examples: { ...document.components?.examples, ...sorted },
  };
  return document;
}
