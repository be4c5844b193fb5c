import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problem } from './problem-details';

/**
 * Errors Fastify answers before Nest runs, in the contract's problem+json shape: a path that
 * is not valid percent-encoding (400), a path segment longer than any id (404: nothing has
 * that id).
 */
export function frameworkErrors(
  error: Error & { code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const instance = request.url.split('?')[0];
  const body =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? problem(404, 'NOT_FOUND', 'Not found', { instance })
      : problem(400, 'MALFORMED_REQUEST', 'The request path is not valid URL encoding', {
          instance,
        });
  void reply.status(body.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(body);
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'Request headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request took too long to arrive'],
};

/** Requests Node's HTTP parser refuses (bad headers, framing): answered as problem+json, then closed. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, title, detail] = CLIENT_ERRORS[error.code ?? ''] ?? [
    400,
    'Bad Request',
    'The request is not valid HTTP',
  ];
  const body = JSON.stringify({
    ...problem(status, 'MALFORMED_REQUEST', detail),
    title,
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/**
 * The routes of one Fastify instance, recorded as they are added, so an unmatched method on a
 * known path can be told from an unknown path: 405 with `Allow` instead of 404.
 */
export class RouteTable {
  private readonly routes: Array<{ method: string; pattern: RegExp }> = [];

  add(method: string | string[], url: string): void {
    const pattern = new RegExp(
      `^${url
        .replace(/\/+$/, '')
        .split('/')
        .map((part) =>
          part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('/')}/?$`,
    );
    for (const m of Array.isArray(method) ? method : [method]) {
      this.routes.push({ method: m.toUpperCase(), pattern });
    }
  }

  /** Methods served at `path`, sorted; empty if no route has that path. */
  allowedMethods(path: string): string[] {
    const methods = new Set(this.routes.filter((r) => r.pattern.test(path)).map((r) => r.method));
    return [...methods].sort();
  }
}

const tables = new WeakMap<object, RouteTable>();

export function routeTableOf(server: object): RouteTable {
  let table = tables.get(server);
  if (!table) {
    table = new RouteTable();
    tables.set(server, table);
  }
  return table;
}
