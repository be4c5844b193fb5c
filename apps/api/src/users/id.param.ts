import { BadRequestException, NotFoundException, Param, PipeTransform } from '@nestjs/common';

const MAX_ID = 2_147_483_647;

/** A path id: not a positive integer is a 400; beyond the integer column range, a 404. */
class IdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d+$/.test(value)) throw new BadRequestException('id must be a positive integer');
    const id = Number(value);
    if (id < 1 || id > MAX_ID) throw new NotFoundException('Not found');
    return id;
  }
}

export const IdParam = (): ParameterDecorator => Param('id', new IdPipe());
