import {
  applyDecorators,
  CallHandler,
  createParamDecorator,
  ExecutionContext,
  HttpException,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { defer, lastValueFrom, Observable } from 'rxjs';
import type { AuthUser } from '@app/auth';
import { DomainError } from '@app/core';
import {
  IdempotencyKeys,
  IdempotencyScope,
  IdempotentReplay,
  IdempotentRequest,
  isWellFormedIdempotencyKey,
  requestFingerprint,
  StoredResponse,
} from '@app/idempotency';
import { ApiErrors } from './api-errors.decorator';
import { ProblemDetailsFilter } from './problem-details.filter';
import { PROBLEM_CONTENT_TYPE } from './problem-details';

const HEADER = 'idempotency-key';
const KEY_RULE = 'Idempotency-Key must be 1-255 printable ASCII characters, sent once';

/** The request's Idempotency-Key: null when absent; a 400 when malformed or sent twice. */
function idempotencyKeyOf(request: FastifyRequest): string | null {
  const raw = request.raw.rawHeaders;
  const values: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i].toLowerCase() === HEADER) values.push(raw[i + 1]);
  }
  if (values.length === 0) return null;
  if (values.length > 1 || !isWellFormedIdempotencyKey(values[0])) {
    throw new DomainError('VALIDATION_FAILED', KEY_RULE, [
      { field: 'Idempotency-Key', message: KEY_RULE },
    ]);
  }
  return values[0];
}

const problems = new ProblemDetailsFilter();

/** A keyed request as the use case gets it: answers rendered exactly as the client gets them. */
class KeyedRequest implements IdempotentRequest<unknown> {
  stored = false;
  private render?: (result: unknown) => unknown;

  constructor(
    readonly scope: IdempotencyScope,
    /** The route's success status (its @HttpCode, else 201 for POST), unless bound with another. */
    private status: number,
    private readonly request: FastifyRequest,
  ) {}

  bind<T>(render: (result: T) => unknown, status?: number): IdempotentRequest<T> {
    this.render = render as (result: unknown) => unknown;
    if (status !== undefined) this.status = status;
    return this;
  }

  respond(result: unknown): StoredResponse {
    if (!this.render) throw new Error('A keyed request was used before storing(render)');
    return { status: this.status, body: JSON.stringify(this.render(result)) };
  }

  /** The problem the filter would send, when it is a 4xx worth keeping (not 429: retry later). */
  refuse(error: unknown): StoredResponse | null {
    if (!(error instanceof DomainError || error instanceof HttpException)) return null;
    const problem = problems.toProblem(error, {
      url: this.request.url,
      method: this.request.method,
    });
    if (problem.status < 400 || problem.status >= 500 || problem.status === 429) return null;
    return { status: problem.status, body: JSON.stringify(problem) };
  }
}

/** A stored answer, sent again as it was, marked as a replay. */
function replayed(response: StoredResponse): Response {
  return new Response(response.body, {
    status: response.status,
    headers: {
      // As Fastify sends a JSON body: with the charset.
      'content-type': `${response.status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json'}; charset=utf-8`,
      'content-length': String(Buffer.byteLength(response.body)),
      'idempotent-replayed': 'true',
    },
  });
}

const keyedRequests = new WeakMap<object, KeyedRequest | null>();

/**
 * For routes marked @Idempotent(): reads and checks the key, answers a key already answered
 * without running anything (replay or 422), and stores a 4xx the use case did not store itself
 * (validation of the body, checks before its transaction) under the key's lock.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly keys: IdempotencyKeys,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return defer(() => this.answer(context, next));
  }

  private async answer(context: ExecutionContext, next: CallHandler): Promise<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user: AuthUser }>();
    const key = idempotencyKeyOf(request);
    if (key === null) {
      keyedRequests.set(request, null);
      return lastValueFrom(next.handle());
    }
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? 201 : 200);
    // Keys are scoped to the account: only authenticated routes take them.
    if (!request.user) throw new Error('@Idempotent() on a route without an authenticated user');
    const keyed = new KeyedRequest(
      {
        accountId: request.user.id,
        key,
        fingerprint: requestFingerprint(request.method, request.url, request.body),
      },
      status,
      request,
    );
    keyedRequests.set(request, keyed);
    try {
      await this.keys.assertUnanswered(keyed.scope);
      try {
        return await lastValueFrom(next.handle());
      } catch (error) {
        return await this.keys.storeRefusal(keyed, error);
      }
    } catch (error) {
      if (error instanceof IdempotentReplay) return replayed(error.response);
      throw error;
    }
  }
}

/** What a controller gets for @IdempotencyKey(). */
export interface IdempotencyKeyParam {
  /**
   * The request's key, with how a result is rendered (the body the route returns for it), for
   * the use case to store; undefined when the request came without a key. `status`: the success
   * status when this request answers another than the route's (a series dry run: 200).
   */
  storing<T>(render: (result: T) => unknown, status?: number): IdempotentRequest<T> | undefined;
}

export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): IdempotencyKeyParam => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const keyed = keyedRequests.get(request);
    if (keyed === undefined) throw new Error('@IdempotencyKey() needs @Idempotent() on the route');
    return { storing: (render, status) => keyed?.bind(render, status) };
  },
);

const KEY_DESCRIPTION =
  'Optional, 1-255 printable ASCII characters, scoped to the account. The first request with a ' +
  'key is processed and its answer (2xx or 4xx) stored for 24 h with its effect; the same key ' +
  'with the same method, path and body gets that answer again with `Idempotent-Replayed: true` ' +
  'and nothing is done again. The same key with another path or body: 422 ' +
  'IDEMPOTENCY_KEY_REUSED; while the first request is in flight: 409 IDEMPOTENCY_KEY_IN_FLIGHT. ' +
  'A 5xx or 503 is not stored: retry with the same key.';

/** Response header of a replayed answer, for the success responses' documentation. */
export const IDEMPOTENT_REPLAYED_HEADER = {
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same key',
    schema: { type: 'string', enum: ['true'] },
  },
};

/** Accepts an Idempotency-Key on the route (the controller passes @IdempotencyKey() on). */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: KEY_DESCRIPTION,
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7E]+$' },
    }),
    ApiErrors('IDEMPOTENCY_KEY_IN_FLIGHT', 'IDEMPOTENCY_KEY_REUSED', 'VALIDATION_FAILED'),
  );
