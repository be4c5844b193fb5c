import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

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
  @ApiProperty({ example: 409 }) status!: number;
  @ApiProperty({ example: 'No available room for the selected slot and type.' }) detail!: string;
  @ApiProperty({ example: 'SLOT_TAKEN', description: 'Stable UPPER_SNAKE error code' })
  code!: string;
  @ApiProperty({ description: 'Same as detail (kept for clients of the original service)' })
  error!: string;
  @ApiPropertyOptional({ example: '/api/v1/bookings/' }) instance?: string;
  @ApiPropertyOptional({ type: FieldErrorSchema, isArray: true }) errors?: FieldErrorSchema[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (VALIDATION_FAILED with `errors`, or a rule violation)',
  401: 'Missing, invalid or expired access token',
  403: 'Not allowed for this role or not your resource',
  404: 'Not found',
  409: 'Conflict with the current state',
  429: 'Rate limited; see Retry-After',
  503: 'Database unavailable or busy; see Retry-After',
};

/** Documents the problem+json error responses a route can give. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: {
          'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemResponse' } },
        },
      }),
    ),
  );
