import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@app/core';
import { isConnectionError, isLockTimeout, isRetryableConflict } from '@app/database';
import { routeTableOf } from './framework-errors';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problem } from './problem-details';
import { STATUS_BY_CODE, codeForStatus } from './status-by-code';

/** Nest's answer when no route matches the method and path. */
const isNoRoute = (exception: unknown): boolean =>
  exception instanceof HttpException &&
  exception.getStatus() === 404 &&
  /^Cannot [A-Z]+ /.test(exception.message);

/** Maps anything thrown while handling a request to an RFC 9457 problem+json response. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const allowedMethods = isNoRoute(exception)
      ? routeTableOf(request.server.server).allowedMethods(request.url.split('?')[0])
      : [];
    // Fastify's url and method are prototype getters: a spread would drop them.
    const body = this.toProblem(exception, {
      url: request.url,
      method: request.method,
      allowedMethods,
    });
    if (body.status === 503 || body.status === 429) {
      const retryAfter =
        (exception instanceof DomainError ? exception.retryAfterSeconds : undefined) ??
        reply.getHeader('retry-after') ??
        '1';
      void reply.header('Retry-After', String(retryAfter));
    }
    if (body.status === 405) void reply.header('Allow', allowedMethods.join(', '));
    // RFC 9110 §15.5.2: a 401 names the scheme that would work.
    if (body.status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="api"');
    void reply.status(body.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(body);
  }

  toProblem(
    exception: unknown,
    request: { url?: string; method?: string; allowedMethods?: string[] },
  ): ProblemDetails {
    const instance = request.url?.split('?')[0];
    if (isNoRoute(exception) && request.allowedMethods?.length) {
      return problem(
        405,
        'METHOD_NOT_ALLOWED',
        `${request.method ?? ''} is not allowed here; allowed: ${request.allowedMethods.join(', ')}`,
        { instance },
      );
    }
    if (exception instanceof DomainError) {
      return problem(STATUS_BY_CODE[exception.code], exception.code, exception.message, {
        instance,
        errors: exception.fieldErrors,
      });
    }
    if (exception instanceof ThrottlerException) {
      return problem(429, 'RATE_LIMITED', 'Too many requests; retry later', { instance });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return problem(status, codeForStatus(status), this.httpDetail(exception, request), {
        instance,
      });
    }
    const fastifyStatus = (exception as { statusCode?: number } | null)?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Fastify's own client errors: bad JSON, wrong content type, body too large.
      const detail =
        fastifyStatus === 400 ? 'Malformed request body' : (exception as Error).message;
      return problem(fastifyStatus, codeForStatus(fastifyStatus), detail, { instance });
    }
    if (isConnectionError(exception)) {
      this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      return problem(503, 'DATABASE_UNAVAILABLE', 'The database is unavailable; retry shortly', {
        instance,
      });
    }
    if (isLockTimeout(exception) || isRetryableConflict(exception)) {
      return problem(503, 'BUSY', 'The service is busy with concurrent requests; retry shortly', {
        instance,
      });
    }
    this.logger.error(
      { err: exception, method: request.method, url: instance },
      exception instanceof Error ? exception.stack : String(exception),
    );
    return problem(500, 'INTERNAL_ERROR', 'Internal server error', { instance });
  }

  private httpDetail(exception: HttpException, request: { method?: string; url?: string }): string {
    if (isNoRoute(exception)) {
      return `No route for ${request.method ?? ''} ${request.url?.split('?')[0] ?? ''}`.trim();
    }
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'message' in response) {
      const message = response.message;
      return Array.isArray(message) ? message.join('; ') : String(message);
    }
    return exception.message;
  }
}
