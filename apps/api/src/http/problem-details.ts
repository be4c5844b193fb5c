import { DomainErrorCode, FieldError } from '@app/core';
import { titleOf } from './status-by-code';

/** RFC 9457 body, plus `code` and `error` kept for clients of the original service. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: DomainErrorCode;
  error: string;
  instance?: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(
  status: number,
  code: DomainErrorCode,
  detail: string,
  extra: { instance?: string; errors?: FieldError[] } = {},
): ProblemDetails {
  return {
    type: `https://workspace-booking.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: titleOf(status),
    status,
    detail,
    code,
    error: detail,
    ...(extra.instance ? { instance: extra.instance } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
}
