import { BadRequestException, NotFoundException, Param, PipeTransform } from '@nestjs/common';
import { isCanonicalId, parseId } from '@app/core';

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

export const IdParam = (name = 'id'): ParameterDecorator => Param(name, new IdPipe());
