import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from '@app/core';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Whitelists DTO fields, rejects unknown ones, and reports every problem as `errors: [{field, message}]`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      const summary = fieldErrors.map((e) => e.message).join('; ');
      return new DomainError('VALIDATION_FAILED', summary || 'Invalid request', fieldErrors);
    },
  });
}
