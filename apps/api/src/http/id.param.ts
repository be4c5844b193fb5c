import { BadRequestException, NotFoundException, Param, PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { MAX_ID, isCanonicalId, parseId } from '@app/core';

/** How every id (path, query or body) is documented: the integer column's range. */
export const ID_SCHEMA = { type: 'integer', minimum: 1, maximum: MAX_ID } as const;

/**
 * The example id of path parameters: a member and a team with this id exist in the data the
 * OpenAPI examples test sets up (test/support/openapi-example-data.ts).
 */
export const EXAMPLE_ID = 3;

/**
 * A path id, read from the raw segment: anything but canonical digits (0x10, 1e1, 01, +1) is
 * a 400, so one row has one URL; digits beyond the integer column range are a 404.
 */
class IdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    if (!isCanonicalId(value)) throw new BadRequestException('id must be a positive integer');
    const id = parseId(value);
    if (id === null) throw new NotFoundException('Not found');
    return id;
  }
}

/** The path parameter `name` as a checked id, documented as a bounded integer with an example. */
export const IdParam =
  (name = 'id', example: number = EXAMPLE_ID): ParameterDecorator =>
  (target, key, index) => {
    Param(name, new IdPipe())(target, key, index);
    const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
    if (key !== undefined && descriptor) {
      ApiParam({ name, required: true, schema: { ...ID_SCHEMA, example } })(
        target,
        key,
        descriptor,
      );
    }
  };
