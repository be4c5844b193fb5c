import {
  ArgumentMetadata,
  Injectable,
  PipeTransform,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { DomainError, FieldError } from '@app/core';

/**
 * Checks that make the others meaningless when they fail: a missing field or a value of the
 * wrong type is reported alone ("user_ids must be an array"), not with every range and
 * uniqueness check that could not apply to it.
 */
const PRESENCE = ['isDefined'];
const TYPE = ['isString', 'isInt', 'isNumber', 'isArray', 'isBoolean', 'isObject', 'isIn'];

// Unknown properties are named back only when they look like a field name: a form body
// holding a whole JSON document as one key must not be echoed (it may carry a password).
const PRINTABLE_FIELD = /^[A-Za-z_][\w.-]{0,63}$/;

function messagesOf(field: string, error: ValidationError): string[] {
  const constraints = error.constraints ?? {};
  if ('whitelistValidation' in constraints) {
    return [
      PRINTABLE_FIELD.test(field) ? `property ${field} should not exist` : 'unknown property',
    ];
  }
  for (const first of [PRESENCE, TYPE]) {
    const failed = first.filter((name) => name in constraints);
    if (failed.length > 0) return failed.map((name) => constraints[name]);
  }
  return Object.values(constraints);
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const field =
      'whitelistValidation' in (error.constraints ?? {}) && !PRINTABLE_FIELD.test(path)
        ? parent || 'body'
        : path;
    const missing = error.value === undefined && !('isDefined' in (error.constraints ?? {}));
    const own = (missing ? [`${path} is required`] : messagesOf(path, error)).map((message) => ({
      field,
      message,
    }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

const pipe = (forbidUnknown: boolean) =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: forbidUnknown,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      const summary = fieldErrors.map((e) => e.message).join('; ');
      return new DomainError('VALIDATION_FAILED', summary || 'Invalid request', fieldErrors);
    },
  });

/**
 * Validates DTOs and reports every problem as `errors: [{field, message}]`. Unknown body
 * fields are a 400 (a typo such as `end_tme` must not silently book one hour instead of
 * two); unknown query parameters are ignored (cache busters, `format=json`), as the original
 * did and as reads can afford.
 */
@Injectable()
export class RequestValidationPipe implements PipeTransform {
  private readonly strict = pipe(true);
  private readonly lenient = pipe(false);

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // Path parameters keep their raw text: their own pipes parse them (no Number('0x10')).
    if (metadata.type === 'body') return this.strict.transform(value, metadata);
    if (metadata.type === 'query') return this.lenient.transform(value, metadata);
    return value;
  }
}

export function createValidationPipe(): RequestValidationPipe {
  return new RequestValidationPipe();
}
